"""Sends email through Mailgun's Messages API: a form POST to the sending domain, answered with the message id."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from email.headerregistry import Address
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http

DEFAULT_BASE = "https://api.mailgun.net"
ID_HEADER = "X-Interlink-Message-Id"
MAX_BODY = 16 * 1024
MAX_DETAIL = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(value: object) -> str:
    """Text without line breaks or control characters (it ends up in mail headers)."""
    return _CONTROL.sub(" ", str(value or "")).strip()


def usable_key(secret: str) -> bool:
    """A key that can travel in a header as given."""
    return bool(secret) and secret.isascii() and secret.isprintable() and secret.strip() == secret


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


def scrub(text: str, secret: str) -> str:
    """Never show the API key, even if an answer repeats it."""
    return text.replace(secret, "***") if secret else text


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


async def read_capped(response: aiohttp.ClientResponse) -> str:
    """The start of the answer's body (enough for any error document), decoded."""
    chunks: list[bytes] = []
    size = 0
    while size < MAX_BODY:
        chunk = await response.content.read(MAX_BODY - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def transport_failure(exc: Exception, seconds: float) -> SendResult:
    """A request that got no HTTP answer: refused by the guard or malformed fails, anything else is retried."""
    if isinstance(exc, TimeoutError):
        return SendResult.retry(f"no answer within {seconds:g} s")
    if isinstance(exc, aiohttp.InvalidURL):
        return SendResult.failed(f"the URL cannot be called: {exc}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        if "private addresses" in str(exc.os_error):
            return SendResult.failed(str(exc.os_error))
        return SendResult.retry(f"could not connect: {exc.os_error.strerror or exc.os_error}")
    return SendResult.retry(f"{type(exc).__name__}: {exc}")


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
