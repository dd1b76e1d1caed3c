"""Chat through a Google Chat webhook: ``{"text": …}`` threaded by the message id; 200 with the message ``name``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yarl import URL

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Request, text_of
from interlink.sdk.http import one_line


class GoogleChatSender(HttpSender):
    service = "Google Chat"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        raw = str(config.get("webhookUrl") or "")
        if not raw:
            raise Misconfigured("it needs the webhook URL")
        url = URL(raw).update_query(messageReplyOption="REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")
        thread = str(message.recipient.get("thread") or message.id)
        body = {"text": text_of(message, "*{subject}*\n{text}"), "thread": {"threadKey": thread}}
        return Request(url, headers={"Content-Type": "application/json; charset=UTF-8"}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("name") or "") or None

    def problem(self, answer: Answer) -> str:
        error = answer.fields.get("error")
        if isinstance(error, dict):
            return one_line(f"{error.get('status') or ''}: {error.get('message') or ''}".strip(": "))
        return ""


SENDER = GoogleChatSender()
