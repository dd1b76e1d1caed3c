"""Sends email through Mailgun's Messages API: a form POST to the sending domain, answered with the message id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from email.headerregistry import Address
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import one_line, read_capped, scrub, transport_failure, usable_key

DEFAULT_BASE = "https://api.mailgun.net"
ID_HEADER = "X-Interlink-Message-Id"
MAX_DETAIL = 300


def mailbox(email: str, name: object = None) -> str:
    """``Name <email>`` with the name quoted where RFC 5322 needs it, or the bare address."""
    display = one_line(name)
    if not display:
        return email
    try:
        return str(Address(display_name=display, addr_spec=email))
    except (ValueError, IndexError):
        return email


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


def answer_of(text: str) -> dict[str, Any] | None:
    """The answer as a JSON object, if it is one."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def result_of(status: int, headers: Mapping[str, str], text: str, secret: str) -> SendResult:
    """Map Mailgun's answer: 2xx delivered (with its ``id``), 429/5xx retried, other 4xx failed with its message."""
    text = scrub(text, secret)
    result = classify_http(status, headers.get("Retry-After"), text)
    data = answer_of(text)
    if result.outcome is Outcome.DELIVERED:
        found = data.get("id") if data else None
        return replace(result, provider_message_id=str(found) if found else None)
    said = one_line(data.get("message") if data else text)  # JSON {"message": …} or a plain "Forbidden"
    return replace(result, detail=f"HTTP {status}: {said}"[:MAX_DETAIL] if said else f"HTTP {status}")


class MailgunSender:
    """One Messages API request per message, with HTTP Basic auth as ``api`` and the integration's key."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        url = endpoint(config)
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        secret = str(config.get("apiKey") or "")
        if not usable_key(secret) or not config.get("from") or not str(config.get("domain") or ""):
            return SendResult.failed(
                "the integration is misconfigured: it needs a valid API key, a sending domain and a from address"
            )
        if not message.recipient.get("email"):
            return SendResult.failed("the message names no email recipient")
        headers = {
            "Authorization": aiohttp.encode_basic_auth("api", secret),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        seconds = transport.timeout
        try:
            async with transport.http.post(
                url,
                data=urlencode(form_of(message, config)).encode(),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=seconds),
                allow_redirects=False,
            ) as response:
                return result_of(response.status, response.headers, await read_capped(response), secret)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, seconds)


SENDER = MailgunSender()
