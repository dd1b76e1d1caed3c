"""Incidents through PagerDuty's Events API v2: ``POST /v2/enqueue``, 202 with the ``dedup_key``.

The payload may say ``eventAction`` (trigger, acknowledge, resolve), ``dedupKey``, ``severity`` and ``source``;
the message id is the dedup key otherwise, so a retried trigger never opens a second incident.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Request, key_of, text_of
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://events.pagerduty.com"
ACTIONS = ("trigger", "acknowledge", "resolve")
SEVERITIES = ("critical", "error", "warning", "info")


def event_of(message: OutboundMessage, config: Mapping[str, Any], key: str) -> dict[str, Any]:
    given = message.data.get("payload")
    payload: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    action = payload.get("eventAction") if payload.get("eventAction") in ACTIONS else "trigger"
    event: dict[str, Any] = {
        "routing_key": key,
        "event_action": action,
        "dedup_key": str(payload.get("dedupKey") or message.id)[:255],
        "client": "Interlink",
    }
    if action == "trigger":
        severity = payload.get("severity") if payload.get("severity") in SEVERITIES else config.get("severity")
        event["payload"] = {
            "summary": text_of(message, "{subject}: {text}", limit=1024),
            "source": str(payload.get("source") or config.get("source") or "interlink"),
            "severity": severity if severity in SEVERITIES else "critical",
            "custom_details": dict(payload),
        }
    return event


class PagerDutySender(HttpSender):
    service = "PagerDuty"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "routingKey", "an integration (routing) key")
        if len(key) != 32:
            raise Misconfigured("the integration key must be 32 characters")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v2") + "/v2/enqueue"
        return Request(url, json=event_of(message, config, key))

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("dedup_key") or "") or None

    def problem(self, answer: Answer) -> str:
        fields = answer.fields
        listed = fields.get("errors")
        errors: list[Any] = listed if isinstance(listed, list) else []
        said = "; ".join([str(fields.get("message") or ""), *map(str, errors)]).strip("; ")
        return one_line(said)


SENDER = PagerDutySender()
