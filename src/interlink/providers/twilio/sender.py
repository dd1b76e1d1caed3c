"""Sends an SMS through Twilio's Messages API; the Twilio voice sender shares the request and answer handling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.sdk import (
    Answer,
    CannotSend,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Request,
    basic_auth,
    recipient_of,
)

PUBLIC_BASE = "https://api.twilio.com"


def resource_url(config: Mapping[str, Any], resource: str) -> str:
    """``{base}/2010-04-01/Accounts/{AccountSid}/{resource}.json``; the base is the public API unless configured."""
    base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
    account = quote(str(config.get("accountSid") or ""), safe="")
    return f"{base}/2010-04-01/Accounts/{account}/{resource}.json"


class TwilioSender(HttpSender):
    """A form POST with Basic auth (Account SID and auth token); Twilio answers the resource or an error object."""

    service = "Twilio"
    resource = "Messages"
    id_field = "sid"
    max_read = 64 * 1024

    def form(self, message: OutboundMessage, config: Mapping[str, Any], phone: str) -> dict[str, str]:
        """An SMS: ``To`` is the recipient's phone, ``Body`` the text (or the subject)."""
        body = message.text or message.subject or ""
        if not body:
            raise CannotSend("the message has no text to send")
        return {"To": phone, "From": str(config.get("from") or ""), "Body": body}

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        form = self.form(message, config, recipient_of(message, "phone"))
        account, token = str(config.get("accountSid") or ""), str(config.get("token") or "")
        if not account or not token:
            raise Misconfigured("the account SID and auth token are required")
        headers = {"Authorization": basic_auth(account, token), "Accept": "application/json"}
        return Request(resource_url(config, self.resource), headers=headers, form=form)

    def problem(self, answer: Answer) -> str:
        """Twilio's ``{code, message, more_info, status}``, with ``detail`` when it gives one."""
        body = answer.fields
        code, said = body.get("code"), str(body.get("message") or "").strip()
        if code is None and not said:
            return ""
        problem = f"Twilio error {code}: {said}" if code is not None else f"Twilio: {said}"
        return f"{problem} ({body['detail']})" if body.get("detail") else problem


SENDER = TwilioSender()
