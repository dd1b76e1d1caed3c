"""Sends a WhatsApp message through the Cloud API: ``POST /{phone-number-id}/messages`` with a bearer token.

Recipient: ``{"phone": …}`` in E.164 form (the ``+`` is dropped, as the API expects), else the integration's
``to``. Text goes as a ``text`` message; an integration that names a template sends that template, its body
filled from the message payload's ``templateParameters``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.sdk import (
    Answer,
    CannotSend,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Outcome,
    Request,
    by_status,
    key_of,
    recipient_of,
    text_of,
)
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://graph.facebook.com/v21.0"
MAX_TEXT = 4096  # the Cloud API refuses longer text bodies
E164 = re.compile(r"^\d{7,15}$")
THROTTLED = frozenset({4, 80007, 130429, 131048, 131056})  # app, account, throughput, spam and pair rate limits
TRANSIENT = frozenset({2})  # "API Service": temporary downtime or overload


def phone_of(message: OutboundMessage, config: Mapping[str, Any]) -> str:
    """The recipient's number, or the integration's default, as digits only (``+``, spaces and dashes dropped)."""
    default = str(config.get("to") or "").strip()
    wanted = recipient_of(message, "phone") if message.recipient.get("phone") or not default else default
    number = re.sub(r"[\s().+-]", "", wanted)
    if not E164.match(number):
        raise CannotSend("the phone recipient must be an E.164 number such as +16505551234")
    return number


def template_of(message: OutboundMessage, config: Mapping[str, Any]) -> dict[str, Any]:
    """The named template in its language, with the payload's ``templateParameters`` as body text."""
    template: dict[str, Any] = {
        "name": str(config["templateName"]).strip(),
        "language": {"code": str(config.get("templateLanguage") or "en_US").strip()},
    }
    payload = message.data.get("payload")
    given = payload.get("templateParameters") if isinstance(payload, Mapping) else None
    if given is not None:
        if not isinstance(given, list) or not all(isinstance(p, str | int | float) for p in given):
            raise CannotSend("payload.templateParameters must be a list of texts")
        parameters = [{"type": "text", "text": str(p)} for p in given]
        template["components"] = [{"type": "body", "parameters": parameters}]
    return template


class WhatsAppBusinessSender(HttpSender):
    """Meta answers ``{"messaging_product", "contacts", "messages": [{"id": "wamid…"}]}``, or ``{"error": {…}}``
    whose ``code`` (not the HTTP status) says what happened."""

    service = "WhatsApp"
    max_read = 64 * 1024

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        token = key_of(config, "apiToken", "an access token and a phone number ID", "phoneNumberIdentification")
        number_id = str(config["phoneNumberIdentification"]).strip()
        if not number_id.isdigit():
            raise Misconfigured("the phone number ID must be the numeric ID Meta shows, not the phone number")
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": phone_of(message, config),
        }
        if str(config.get("templateName") or "").strip():
            body |= {"type": "template", "template": template_of(message, config)}
        else:
            body |= {
                "type": "text",
                "text": {"preview_url": False, "body": text_of(message, "*{subject}*\n{text}", MAX_TEXT)},
            }
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        return Request(f"{base}/{quote(number_id)}/messages", headers={"Authorization": f"Bearer {token}"}, json=body)

    def _error(self, answer: Answer) -> dict[str, Any]:
        found = answer.fields.get("error")
        return found if isinstance(found, dict) else {}

    def outcome(self, answer: Answer) -> Outcome:
        """Throttling and downtime codes are retried whatever the status (Meta sends some as 400)."""
        code = self._error(answer).get("code")
        if isinstance(code, int) and (code in THROTTLED or code in TRANSIENT):
            return Outcome.RETRY
        status = by_status(answer.status)
        if status is Outcome.DELIVERED and (self._error(answer) or self.message_id(answer) is None):
            return Outcome.FAILED  # a 2xx without a message id was not accepted
        return status

    def message_id(self, answer: Answer) -> str | None:
        sent = answer.fields.get("messages")
        first = sent[0] if isinstance(sent, list) and sent else None
        found = first.get("id") if isinstance(first, dict) else None
        return str(found) if found else None

    def problem(self, answer: Answer) -> str:
        error = self._error(answer)
        if not error:
            return ""
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, dict) else None
        words = str(error.get("message") or "")
        if details and details != words:
            words = f"{words} ({details})" if words else str(details)
        return one_line(f"WhatsApp error {error.get('code')}: {words}".rstrip(": "))[:200]


SENDER = WhatsAppBusinessSender()
