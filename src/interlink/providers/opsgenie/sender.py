"""Alerts through Opsgenie: ``POST /v2/alerts`` with ``GenieKey``; 202 with the ``requestId``.

The alias (Opsgenie's dedup key) is the payload's ``alias`` or the message id, so a retry never opens a second alert.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, OutboundMessage, Request, key_of, text_of
from interlink.sdk.http import one_line

US = "https://api.opsgenie.com"
EU = "https://api.eu.opsgenie.com"


def base_of(config: Mapping[str, Any]) -> str:
    """The ``baseUrl`` setting, else the region's Opsgenie host."""
    return str(config.get("baseUrl") or (EU if config.get("region") == "eu" else US)).rstrip("/")


class OpsgenieSender(HttpSender):
    service = "Opsgenie"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API key")
        given = message.data.get("payload")
        payload: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        body: dict[str, Any] = {
            "message": one_line(message.subject or text_of(message))[:130],
            "alias": str(payload.get("alias") or message.id)[:512],
            "source": "Interlink",
            "priority": str(config.get("priority") or "P3"),
        }
        if message.subject and message.text:
            body["description"] = message.text[:15000]
        if payload:
            body["details"] = {str(k): v if isinstance(v, str) else str(v) for k, v in payload.items()}
        return Request(f"{base_of(config)}/v2/alerts", headers={"Authorization": f"GenieKey {key}"}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("requestId") or "") or None

    def problem(self, answer: Answer) -> str:
        return one_line(str(answer.fields.get("message") or ""))


SENDER = OpsgenieSender()
