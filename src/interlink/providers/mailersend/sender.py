"""Email through MailerSend: ``POST /v1/email``, 202 with ``X-Message-Id``; a 202 whose warning says every
recipient was suppressed sent nothing, so it fails."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import (
    Answer,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Outcome,
    Request,
    by_status,
    key_of,
    recipient_of,
)
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://api.mailersend.com"


def suppressed(answer: Answer) -> bool:
    warnings = answer.fields.get("warnings")
    return isinstance(warnings, list) and any(
        isinstance(w, dict) and w.get("type") == "ALL_SUPPRESSED" for w in warnings
    )


class MailerSendSender(HttpSender):
    service = "MailerSend"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API token")
        if not config.get("from"):
            raise Misconfigured("it needs a from address")
        sender = {"email": str(config["from"])}
        if one_line(config.get("senderName")):
            sender["name"] = one_line(config.get("senderName"))
        body: dict[str, Any] = {
            "from": sender,
            "to": [{"email": recipient_of(message, "email")}],
            "subject": one_line(message.subject),
        }
        body.update({k: v for k, v in (("text", message.text), ("html", message.html)) if v})
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v1") + "/v1/email"
        return Request(url, headers={"Authorization": f"Bearer {key}"}, json=body)

    def outcome(self, answer: Answer) -> Outcome:
        return Outcome.FAILED if suppressed(answer) else by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        return answer.headers.get("X-Message-Id") or None

    def problem(self, answer: Answer) -> str:
        warnings = answer.fields.get("warnings")
        if suppressed(answer) and isinstance(warnings, list):
            return one_line(str(warnings[0].get("message") or "ALL_SUPPRESSED"))
        return one_line(str(answer.fields.get("message") or ""))


SENDER = MailerSendSender()
