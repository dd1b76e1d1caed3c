"""Email through SparkPost: ``POST /api/v1/transmissions`` (the key as ``Authorization``); a 200 that accepted no
recipient sent nothing, so it fails."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, OutboundMessage, Outcome, Request, by_status, key_of, recipient_of
from interlink.sdk.http import one_line

US = "https://api.sparkpost.com"
EU = "https://api.eu.sparkpost.com"


def base_of(config: Mapping[str, Any]) -> str:
    """The API host: the configured base URL, else the region's own."""
    return str(config.get("baseUrl") or (EU if config.get("region") == "eu" else US)).rstrip("/")


def results_of(answer: Answer) -> dict[str, Any]:
    results = answer.fields.get("results")
    return results if isinstance(results, dict) else {}


class SparkPostSender(HttpSender):
    service = "SparkPost"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an API key and a from address", "from")
        sender: dict[str, str] = {"email": str(config["from"])}
        if one_line(config.get("senderName")):
            sender["name"] = one_line(config.get("senderName"))
        content: dict[str, Any] = {"from": sender, "subject": one_line(message.subject)}
        content.update({k: v for k, v in (("text", message.text), ("html", message.html)) if v})
        body = {
            "options": {"transactional": True},
            "metadata": {"interlink_message_id": message.id},
            "recipients": [{"address": {"email": recipient_of(message, "email")}}],
            "content": content,
        }
        return Request(f"{base_of(config)}/api/v1/transmissions", headers={"Authorization": key}, json=body)

    def outcome(self, answer: Answer) -> Outcome:
        if 200 <= answer.status < 300 and results_of(answer).get("total_accepted_recipients") == 0:
            return Outcome.FAILED
        return by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        return str(results_of(answer).get("id") or "") or None

    def problem(self, answer: Answer) -> str:
        errors = answer.fields.get("errors")
        found = [
            f"{e.get('code') or ''} {e.get('message') or ''}: {e.get('description') or ''}".strip(": ")
            for e in (errors if isinstance(errors, list) else [])
            if isinstance(e, dict)
        ]
        if not found and results_of(answer).get("total_accepted_recipients") == 0:
            found = ["no recipient was accepted"]
        return one_line("; ".join(found))


SENDER = SparkPostSender()
