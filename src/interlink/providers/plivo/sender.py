"""SMS through Plivo: ``POST /v1/Account/{auth_id}/Message/`` with Basic auth; 202 with ``message_uuid``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.sdk import (
    Answer,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Request,
    basic_auth,
    key_of,
    recipient_of,
    text_of,
)
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://api.plivo.com"


class PlivoSender(HttpSender):
    service = "Plivo"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        auth_id = str(config.get("accountSid") or "")
        token = key_of(config, "token", "an auth ID and auth token")
        if not auth_id or not config.get("from"):
            raise Misconfigured("it needs an auth ID, an auth token and a sender")
        body = {
            "src": str(config["from"]).lstrip("+"),
            "dst": recipient_of(message, "phone").lstrip("+"),
            "text": text_of(message),
        }
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        url = f"{base}/v1/Account/{quote(auth_id, safe='')}/Message/"
        return Request(url, headers={"Authorization": basic_auth(auth_id, token)}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        found = answer.fields.get("message_uuid")
        return str(found[0]) if isinstance(found, list) and found else None

    def problem(self, answer: Answer) -> str:
        return one_line(str(answer.fields.get("error") or answer.fields.get("message") or ""))


SENDER = PlivoSender()
