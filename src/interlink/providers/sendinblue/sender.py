"""Email through Brevo: ``POST /v3/smtp/email`` with the ``api-key`` header; 201 with ``messageId``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Request, key_of, recipient_of, seconds
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://api.brevo.com"


class BrevoSender(HttpSender):
    service = "Brevo"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API key")
        if not config.get("from"):
            raise Misconfigured("it needs a from address")
        sender = {"email": str(config["from"])}
        if one_line(config.get("senderName")):
            sender["name"] = one_line(config.get("senderName"))
        body: dict[str, Any] = {
            "sender": sender,
            "to": [{"email": recipient_of(message, "email")}],
            "subject": one_line(message.subject),
            "headers": {"X-Mailin-custom": f"interlink_message_id:{message.id}", "Idempotency-Key": message.id},
        }
        body.update({k: v for k, v in (("textContent", message.text), ("htmlContent", message.html)) if v})
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v3") + "/v3/smtp/email"
        return Request(url, headers={"api-key": key, "Accept": "application/json"}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("messageId") or "") or None

    def problem(self, answer: Answer) -> str:
        fields = answer.fields
        return one_line(f"{fields.get('code') or ''}: {fields.get('message') or ''}".strip(": "))

    def wait(self, answer: Answer) -> float | None:
        """``x-sib-ratelimit-reset`` is the seconds until the window resets."""
        reset = (answer.headers.get("x-sib-ratelimit-reset") or "").strip()
        return seconds(float(reset)) if reset.replace(".", "", 1).isdigit() else super().wait(answer)


SENDER = BrevoSender()
