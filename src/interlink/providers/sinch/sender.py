"""SMS through Sinch: ``POST /xms/v1/{service_plan_id}/batches`` with a bearer token; 201 with the batch ``id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.sdk import Answer, HttpSender, OutboundMessage, Request, key_of, recipient_of, text_of
from interlink.sdk.http import one_line

REGIONS = ("us", "eu", "au", "br", "ca")


def base_of(config: Mapping[str, Any]) -> str:
    """The ``baseUrl`` setting, else the service plan's regional host."""
    region = config.get("region") if config.get("region") in REGIONS else "us"
    return str(config.get("baseUrl") or f"https://{region}.sms.api.sinch.com").rstrip("/")


class SinchSender(HttpSender):
    service = "Sinch"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        token = key_of(config, "apiToken", "a service plan ID, an API token and a sender", "servicePlanId", "from")
        url = f"{base_of(config)}/xms/v1/{quote(str(config['servicePlanId']), safe='')}/batches"
        body = {
            "from": str(config["from"]),
            "to": [recipient_of(message, "phone")],
            "body": text_of(message),
            "client_reference": message.id,
        }
        return Request(url, headers={"Authorization": f"Bearer {token}"}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("id") or "") or None

    def problem(self, answer: Answer) -> str:
        fields = answer.fields
        return one_line(f"{fields.get('code') or ''}: {fields.get('text') or ''}".strip(": "))


SENDER = SinchSender()
