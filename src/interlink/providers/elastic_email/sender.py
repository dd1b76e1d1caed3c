"""Sends email through Elastic Email's v4 transactional API; a 200 counts only when it carries a message id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import (
    Answer,
    HttpSender,
    OutboundMessage,
    Outcome,
    Request,
    by_status,
    key_of,
    recipient_of,
)
from interlink.sdk.http import mailbox, one_line

DEFAULT_BASE = "https://api.elasticemail.com"
ID_HEADER = "X-Interlink-Message-Id"


def endpoint(config: Mapping[str, Any]) -> str:
    """The transactional send URL under the configured base."""
    base = str(config.get("baseUrl") or DEFAULT_BASE).rstrip("/").removesuffix("/v4")
    return f"{base}/v4/emails/transactional"


def body_of(message: OutboundMessage, config: Mapping[str, Any]) -> dict[str, Any]:
    """The transactional request: one recipient, text before HTML, our message id as a header."""
    content: dict[str, Any] = {
        "Body": [
            {"ContentType": kind, "Content": value, "Charset": "utf-8"}
            for kind, value in (("PlainText", message.text), ("HTML", message.html))
            if value
        ],
        "From": mailbox(str(config.get("from") or ""), config.get("senderName")),
        "Headers": {ID_HEADER: message.id},
    }
    if message.subject:
        content["Subject"] = one_line(message.subject)
    to = mailbox(str(message.recipient.get("email") or ""), message.recipient.get("name"))
    return {"Recipients": {"To": [to]}, "Content": content}


def error_in(data: Mapping[str, Any]) -> str | None:
    """The error an answer reports: v4's ``Error``, or the ``success: false`` body the legacy API answers 200 with."""
    said = data.get("Error") or data.get("error")
    if said or data.get("success") is False:
        return one_line(said) or "the request was not successful"
    return None


class ElasticEmailSender(HttpSender):
    """One transactional send per message, authenticated with the ``X-ElasticEmail-ApiKey`` header."""

    service = "Elastic Email"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "a valid API key and a from address", "from")
        recipient_of(message, "email")
        headers = {"X-ElasticEmail-ApiKey": key, "Accept": "application/json"}
        return Request(endpoint(config), headers=headers, json=body_of(message, config))

    def outcome(self, answer: Answer) -> Outcome:
        """A 2xx is a delivery only with a message or transaction id and no error."""
        status = by_status(answer.status)
        if status is Outcome.DELIVERED and (error_in(answer.fields) or not self.message_id(answer)):
            return Outcome.FAILED
        return status

    def message_id(self, answer: Answer) -> str | None:
        found = answer.fields.get("MessageID") or answer.fields.get("TransactionID")
        return str(found) if found else None

    def problem(self, answer: Answer) -> str:
        data = answer.fields
        if 200 <= answer.status < 300:
            return error_in(data) or "the answer holds no message or transaction id"
        return error_in(data) or one_line(data.get("message") or data.get("Message") or ("" if data else answer.text))


SENDER = ElasticEmailSender()
