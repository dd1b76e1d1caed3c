"""SMS through MessageBird: ``POST /messages`` with ``AccessKey`` auth; 201 with the message ``id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, OutboundMessage, Request, key_of, recipient_of, text_of
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://rest.messagebird.com"


class MessageBirdSender(HttpSender):
    service = "MessageBird"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "accessKey", "an access key and an originator", "from")
        body = {
            "originator": str(config["from"]),
            "recipients": [recipient_of(message, "phone").lstrip("+")],
            "body": text_of(message),
            "reference": message.id,
        }
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/messages"
        return Request(url, headers={"Authorization": f"AccessKey {key}"}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("id") or "") or None

    def problem(self, answer: Answer) -> str:
        errors = answer.fields.get("errors")
        found = [
            f"{e.get('code')}: {e.get('description') or ''}"
            for e in (errors if isinstance(errors, list) else [])
            if isinstance(e, dict)
        ]
        return one_line("; ".join(found))


SENDER = MessageBirdSender()
