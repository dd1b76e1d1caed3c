"""Chat through a Mattermost incoming webhook: a JSON ``text`` (Markdown), answered 200 ``ok``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Request, parse_retry_after, text_of
from interlink.sdk.http import one_line


class MattermostSender(HttpSender):
    service = "Mattermost"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        url = str(config.get("webhookUrl") or "")
        if not url:
            raise Misconfigured("it needs the webhook URL")
        body: dict[str, Any] = {"text": text_of(message, "#### {subject}\n{text}")}
        channel = message.recipient.get("channel") or config.get("channel")
        if channel:
            body["channel"] = str(channel)
        if config.get("username"):
            body["username"] = str(config["username"])
        return Request(url, json=body)

    def problem(self, answer: Answer) -> str:
        fields = answer.fields
        return one_line(str(fields.get("message") or fields.get("id") or answer.text))[:200]

    def wait(self, answer: Answer) -> float | None:
        """``Retry-After``, else ``X-Ratelimit-Reset`` (seconds until the limit resets)."""
        wait = parse_retry_after(answer.headers.get("Retry-After"))
        return wait if wait is not None else parse_retry_after(answer.headers.get("X-Ratelimit-Reset"))


SENDER = MattermostSender()
