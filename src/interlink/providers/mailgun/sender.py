"""Sends email through Mailgun's Messages API: a form POST to the sending domain, answered with the message id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.sdk import HttpSender, OutboundMessage, Request, basic_auth, key_of, recipient_of
from interlink.sdk.http import mailbox, one_line

DEFAULT_BASE = "https://api.mailgun.net"
ID_HEADER = "X-Interlink-Message-Id"


def endpoint(config: Mapping[str, Any]) -> str:
    """``{base}/v3/{domain}/messages``; the domain is one path segment, whatever it holds."""
    base = str(config.get("baseUrl") or DEFAULT_BASE).rstrip("/").removesuffix("/v3")
    return f"{base}/v3/{quote(str(config.get('domain') or '').strip(), safe='')}/messages"


def form_of(message: OutboundMessage, config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The Messages API fields: from, to, subject, text, html, our message id as a header and a user variable."""
    fields = [
        ("from", mailbox(str(config.get("from") or ""), config.get("senderName"))),
        ("to", mailbox(str(message.recipient.get("email") or ""), message.recipient.get("name"))),
    ]
    if message.subject:
        fields.append(("subject", one_line(message.subject)))
    fields += [(key, value) for key, value in (("text", message.text), ("html", message.html)) if value]
    fields += [(f"h:{ID_HEADER}", message.id), ("v:interlink-message-id", message.id)]
    return fields


class MailgunSender(HttpSender):
    """One Messages API request per message, with HTTP Basic auth as ``api`` and the integration's key."""

    service = "Mailgun"
    id_field = "id"
    problem_field = "message"  # JSON {"message": …}, or a plain "Forbidden"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "a valid API key, a sending domain and a from address", "domain", "from")
        recipient_of(message, "email")
        headers = {"Authorization": basic_auth("api", key), "Accept": "application/json"}
        return Request(endpoint(config), headers=headers, form=form_of(message, config))


SENDER = MailgunSender()
