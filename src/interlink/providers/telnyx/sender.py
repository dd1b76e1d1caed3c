"""SMS through Telnyx: ``POST /v2/messages`` with a bearer key; 200 with ``data.id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Request, key_of, recipient_of, text_of
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://api.telnyx.com"


class TelnyxSender(HttpSender):
    service = "Telnyx"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API key")
        if not config.get("from"):
            raise Misconfigured("it needs a from number")
        body = {"from": str(config["from"]), "to": recipient_of(message, "phone"), "text": text_of(message)}
        if config.get("messageProfileId"):
            body["messaging_profile_id"] = str(config["messageProfileId"])
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v2") + "/v2/messages"
        return Request(url, headers={"Authorization": f"Bearer {key}"}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        data = answer.fields.get("data")
        return str(data.get("id") or "") or None if isinstance(data, dict) else None

    def problem(self, answer: Answer) -> str:
        errors = answer.fields.get("errors")
        found = [
            f"{e.get('code')} {e.get('title') or ''}: {e.get('detail') or ''}".strip(": ")
            for e in (errors if isinstance(errors, list) else [])
            if isinstance(e, dict)
        ]
        return one_line("; ".join(found))


SENDER = TelnyxSender()
