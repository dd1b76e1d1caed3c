"""Email through Mailjet: ``POST /v3.1/send`` (Basic auth, API key and secret key); every message in the answer
reports its own ``Status``, so a 200 whose message failed sent nothing."""

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
    basic_auth,
    by_status,
    key_of,
    recipient_of,
)
from interlink.sdk.http import one_line, usable_key

PUBLIC_BASE = "https://api.mailjet.com"


def contact(email: str, name: object) -> dict[str, str]:
    """A Mailjet ``{"Email", "Name"}`` object; the name only when there is one."""
    found = {"Email": email}
    if one_line(name):
        found["Name"] = one_line(name)
    return found


def messages_of(answer: Answer) -> list[dict[str, Any]]:
    """The answer's per-message results (none for a global error)."""
    given = answer.fields.get("Messages")
    return [m for m in given if isinstance(m, dict)] if isinstance(given, list) else []


class MailjetSender(HttpSender):
    """One message per request, our message id as its ``CustomID``."""

    service = "Mailjet"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API key, a secret key and a from address", "secretKey", "from")
        secret = str(config.get("secretKey") or "")
        if not usable_key(secret):
            raise Misconfigured("it needs an API key, a secret key and a from address")
        if not (message.text or message.html):
            raise CannotSend("the message has no text or HTML to send")
        sent: dict[str, Any] = {
            "From": contact(str(config["from"]), config.get("senderName")),
            "To": [contact(recipient_of(message, "email"), message.recipient.get("name"))],
            "Subject": one_line(message.subject),
            "CustomID": message.id,
        }
        sent.update({k: v for k, v in (("TextPart", message.text), ("HTMLPart", message.html)) if v})
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/v3.1/send"
        return Request(url, headers={"Authorization": basic_auth(key, secret)}, json={"Messages": [sent]})

    def outcome(self, answer: Answer) -> Outcome:
        if 200 <= answer.status < 300 and any(m.get("Status") != "success" for m in messages_of(answer)):
            return Outcome.FAILED
        return by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        """The recipient's ``MessageID``, the id Mailjet's message API looks up (``MessageUUID`` otherwise)."""
        for message in messages_of(answer):
            for recipient in message.get("To") or []:
                if isinstance(recipient, dict):
                    found = recipient.get("MessageID") or recipient.get("MessageUUID")
                    if found not in (None, ""):
                        return str(found)
        return None

    def problem(self, answer: Answer) -> str:
        """Each error's code and words: per message inside ``Messages``, or the one global error."""
        errors = [e for m in messages_of(answer) for e in (m.get("Errors") or []) if isinstance(e, dict)]
        if not errors and answer.fields.get("ErrorMessage"):
            errors = [answer.fields]
        found = [f"{e.get('ErrorCode') or ''} {e.get('ErrorMessage') or ''}".strip() for e in errors]
        if not found and 200 <= answer.status < 300:
            found = ["the message was not accepted"]
        return one_line("; ".join(found))[:300]


SENDER = MailjetSender()
