"""Sends an SMS through the Vonage (Nexmo) SMS API, which answers 200 and puts each part's status in the body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import (
    Answer,
    CannotSend,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Outcome,
    Request,
    by_status,
    recipient_of,
)

PUBLIC_BASE = "https://rest.nexmo.com"
# Status codes that say "not now" rather than "never": throttled, internal error, too many binds.
TRANSIENT = frozenset({"1", "5", "10"})
# GSM 03.38: the basic table and the extension table; any other character needs ``type=unicode``.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà" + "\f^{}\\[~]|€"
)


def form_of(message: OutboundMessage, config: Mapping[str, Any], phone: str, text: str) -> dict[str, str]:
    """The documented form fields; numbers go without their leading ``+``, ``client-ref`` carries our message id."""
    sender = str(config.get("from") or "")
    if sender.startswith("+") and sender[1:].isdigit():
        sender = sender[1:]
    form = {
        "api_key": str(config.get("apiKey") or ""),
        "api_secret": str(config.get("secretKey") or ""),
        "from": sender,
        "to": phone.removeprefix("+"),
        "text": text,
        "client-ref": message.id[:40],
    }
    if not set(text) <= GSM7:
        form["type"] = "unicode"
    return form


def parts_of(answer: Answer) -> list[dict[str, Any]] | None:
    """Each part's status object, or None when the answer holds none."""
    parts = answer.fields.get("messages")
    if not isinstance(parts, list) or not parts or not all(isinstance(p, dict) for p in parts):
        return None
    return parts


class VonageSmsSender(HttpSender):
    """POSTs the form to ``{base}/sms/json``; every part must have status ``"0"``.

    A permanent error in any part fails, a transient one retries, an answer without statuses is retried.
    """

    service = "Vonage"
    max_read = 64 * 1024

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        phone = recipient_of(message, "phone")
        text = message.text or message.subject or ""
        if not text:
            raise CannotSend("the message has no text to send")
        if not config.get("apiKey") or not config.get("secretKey"):
            raise Misconfigured("the API key and secret are required")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/sms/json"
        return Request(url, headers={"Accept": "application/json"}, form=form_of(message, config, phone, text))

    def outcome(self, answer: Answer) -> Outcome:
        status = by_status(answer.status)
        parts = parts_of(answer)
        if status is not Outcome.DELIVERED:
            return status
        if parts is None:
            return Outcome.RETRY
        errors = [str(p.get("status")) for p in parts if str(p.get("status")) != "0"]
        if not errors:
            return Outcome.DELIVERED
        return Outcome.RETRY if set(errors) <= TRANSIENT else Outcome.FAILED

    def message_id(self, answer: Answer) -> str | None:
        ids = ",".join(str(p.get("message-id")) for p in parts_of(answer) or [] if p.get("message-id"))
        return ids[:200] or None

    def problem(self, answer: Answer) -> str:
        parts = parts_of(answer)
        if parts is None:
            return "Vonage answered without message statuses" if 200 <= answer.status < 300 else ""
        errors = [p for p in parts if str(p.get("status")) != "0"]
        if not errors:
            return ""
        permanent = [p for p in errors if str(p.get("status")) not in TRANSIENT]
        worst = (permanent or errors)[0]
        problem = f"Vonage status {worst.get('status')}: {worst.get('error-text') or 'no error text'}"
        if len(errors) < len(parts):
            problem += f" ({len(parts) - len(errors)} of {len(parts)} parts were accepted)"
        return problem


SENDER = VonageSmsSender()
