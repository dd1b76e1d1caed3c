"""Sends email through Postmark's Email API; an answer counts only when its ``ErrorCode`` is 0."""

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

DEFAULT_BASE = "https://api.postmarkapp.com"
ID_HEADER = "X-Interlink-Message-Id"
MAINTENANCE = 100  # Postmark's ErrorCode while it is down for maintenance: try again later


def endpoint(config: Mapping[str, Any]) -> str:
    """The Email API URL under the configured base."""
    return str(config.get("baseUrl") or DEFAULT_BASE).rstrip("/") + "/email"


def body_of(message: OutboundMessage, config: Mapping[str, Any]) -> dict[str, Any]:
    """The Email API request, with our message id as a header and as metadata (Postmark shows both)."""
    body: dict[str, Any] = {
        "From": mailbox(str(config.get("from") or ""), config.get("senderName")),
        "To": mailbox(str(message.recipient.get("email") or ""), message.recipient.get("name")),
    }
    if message.subject:
        body["Subject"] = one_line(message.subject)
    if message.text:
        body["TextBody"] = message.text
    if message.html:
        body["HtmlBody"] = message.html
    body["MessageStream"] = str(config.get("messageStream") or "outbound")
    body["Headers"] = [{"Name": ID_HEADER, "Value": message.id}]
    body["Metadata"] = {"interlinkMessageId": message.id}
    return body


class PostmarkSender(HttpSender):
    """One Email API request per message, authenticated with the server token."""

    service = "Postmark"
    id_field = "MessageID"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        token = key_of(config, "apiKey", "a valid server token and a from address", "from")
        recipient_of(message, "email")
        headers = {"X-Postmark-Server-Token": token, "Accept": "application/json"}
        return Request(endpoint(config), headers=headers, json=body_of(message, config))

    def outcome(self, answer: Answer) -> Outcome:
        """200 with ErrorCode 0 delivered, an error code in a 200 failed; maintenance is retried whatever the status."""
        code = answer.fields.get("ErrorCode")
        if code == MAINTENANCE:
            return Outcome.RETRY
        status = by_status(answer.status)
        return Outcome.FAILED if status is Outcome.DELIVERED and code not in (0, None) else status

    def problem(self, answer: Answer) -> str:
        """Postmark's ``Message`` with its ``ErrorCode``."""
        data = answer.fields
        said = one_line(data.get("Message")) if data else one_line(answer.text)
        code = data.get("ErrorCode")
        if code not in (0, None):
            said = f"{said} (ErrorCode {code})" if said else f"ErrorCode {code}"
        return said


SENDER = PostmarkSender()
