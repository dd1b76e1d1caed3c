"""Sends email through SendGrid's v3 Mail Send API: 202 Accepted, the message id in ``X-Message-Id``."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from interlink.sdk import (
    Answer,
    HttpSender,
    OutboundMessage,
    Request,
    key_of,
    parse_retry_after,
    recipient_of,
)
from interlink.sdk.http import one_line

GLOBAL = "https://api.sendgrid.com"
EU = "https://api.eu.sendgrid.com"
ID_HEADER = "X-Interlink-Message-Id"


def endpoint(config: Mapping[str, Any]) -> str:
    """The Mail Send URL: the configured base, or SendGrid's EU host for EU subusers on the default base."""
    base = str(config.get("baseUrl") or GLOBAL).rstrip("/").removesuffix("/v3")
    if base == GLOBAL and config.get("region") == "eu":
        base = EU
    return f"{base}/v3/mail/send"


def body_of(message: OutboundMessage, config: Mapping[str, Any]) -> dict[str, Any]:
    """The Mail Send request: one personalization, text before HTML, our message id as a header and custom arg."""
    to = {"email": str(message.recipient.get("email") or "")}
    if one_line(message.recipient.get("name")):
        to["name"] = one_line(message.recipient.get("name"))
    sender = {"email": str(config.get("from") or "")}
    if one_line(config.get("senderName")):
        sender["name"] = one_line(config.get("senderName"))
    body: dict[str, Any] = {
        "personalizations": [{"to": [to], "custom_args": {"interlink_message_id": message.id}}],
        "from": sender,
        "content": [
            {"type": kind, "value": value}
            for kind, value in (("text/plain", message.text), ("text/html", message.html))
            if value
        ],
        "headers": {ID_HEADER: message.id},
    }
    if message.subject:
        body["subject"] = one_line(message.subject)
    return body


class SendGridSender(HttpSender):
    """One Mail Send request per message, authenticated with the integration's API key."""

    service = "SendGrid"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "a valid API key and a from address", "from")
        recipient_of(message, "email")
        headers = {"Authorization": f"Bearer {key}"}
        return Request(endpoint(config), headers=headers, json=body_of(message, config))

    def message_id(self, answer: Answer) -> str | None:
        return answer.headers.get("X-Message-Id") or None

    def problem(self, answer: Answer) -> str:
        """The ``errors[].message`` (with their ``field``) of a SendGrid error body, joined."""
        if answer.json is None:
            return one_line(answer.text)
        errors = answer.fields.get("errors")
        found = [
            f"{e['field']}: {e['message']}" if e.get("field") not in (None, "null") else str(e["message"])
            for e in (errors if isinstance(errors, list) else [])
            if isinstance(e, dict) and e.get("message")
        ]
        return one_line("; ".join(found))

    def wait(self, answer: Answer) -> float | None:
        """``Retry-After`` if given, else until ``X-RateLimit-Reset`` (a Unix time)."""
        wait = parse_retry_after(answer.headers.get("Retry-After"))
        reset = (answer.headers.get("X-RateLimit-Reset") or "").strip()
        return max(0.0, int(reset) - time.time()) if wait is None and reset.isdigit() else wait


SENDER = SendGridSender()
