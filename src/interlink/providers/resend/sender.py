"""Email through Resend: ``POST /emails`` (bearer key), 200 with the email's ``id``; our id as idempotency key."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import formataddr
from typing import Any

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Request, key_of, recipient_of
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://api.resend.com"


def sender_of(config: Mapping[str, Any]) -> str:
    address = str(config.get("from") or "")
    if not address:
        raise Misconfigured("it needs a from address")
    name = one_line(config.get("senderName"))
    return formataddr((name, address)) if name else address


class ResendSender(HttpSender):
    service = "Resend"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API key")
        body: dict[str, Any] = {
            "from": sender_of(config),
            "to": [recipient_of(message, "email")],
            "subject": one_line(message.subject),
            "headers": {"X-Entity-Ref-ID": message.id},
        }
        body.update({k: v for k, v in (("text", message.text), ("html", message.html)) if v})
        headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": message.id}
        return Request(str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/emails", headers=headers, json=body)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("id") or "") or None

    def problem(self, answer: Answer) -> str:
        fields = answer.fields
        return one_line(f"{fields.get('name') or ''}: {fields.get('message') or ''}".strip(": "))


SENDER = ResendSender()
