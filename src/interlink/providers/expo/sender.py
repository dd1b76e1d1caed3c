"""Push through Expo: one message to ``/--/api/v2/push/send``; a 200 ticket may still be an error, and
``DeviceNotRegistered`` means the token is gone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from interlink.sdk import Answer, HttpSender, OutboundMessage, Outcome, Request, SendResult, by_status, recipient_of
from interlink.sdk.http import one_line, usable_key

PUBLIC_BASE = "https://exp.host"


def ticket_of(answer: Answer) -> dict[str, Any]:
    data = answer.fields.get("data")
    if isinstance(data, list):
        data = data[0] if data else {}
    return data if isinstance(data, dict) else {}


class ExpoSender(HttpSender):
    service = "Expo"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        body: dict[str, Any] = {
            "to": recipient_of(message, "token"),
            "title": message.subject or "",
            "body": message.text or "",
        }
        if message.metadata:
            body["data"] = dict(message.metadata)
        headers = {"Accept": "application/json"}
        token = str(config.get("apiKey") or "")
        if token and usable_key(token):
            headers["Authorization"] = f"Bearer {token}"
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/--/api/v2/push/send"
        return Request(url, headers=headers, json=body)

    def outcome(self, answer: Answer) -> Outcome:
        if answer.status == 200 and ticket_of(answer).get("status") == "error":
            return Outcome.FAILED
        return by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        return str(ticket_of(answer).get("id") or "") or None

    def problem(self, answer: Answer) -> str:
        ticket = ticket_of(answer)
        if ticket.get("status") == "error":
            given = ticket.get("details")
            details: dict[str, Any] = given if isinstance(given, dict) else {}
            return one_line(f"{details.get('error') or ''}: {ticket.get('message') or ''}".strip(": "))
        errors = answer.fields.get("errors")
        found = (
            [f"{e.get('code')}: {e.get('message')}" for e in errors if isinstance(e, dict)]
            if isinstance(errors, list)
            else []
        )
        return one_line("; ".join(found))

    def read(self, answer: Answer) -> SendResult:
        result = super().read(answer)
        details = ticket_of(answer).get("details")
        if isinstance(details, dict) and details.get("error") == "DeviceNotRegistered":
            return replace(result, gone=True)
        return result


SENDER = ExpoSender()
