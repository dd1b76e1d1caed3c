"""Sends email through Postmark's Email API; an answer counts only when its ``ErrorCode`` is 0."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from email.headerregistry import Address
from typing import Any

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http

DEFAULT_BASE = "https://api.postmarkapp.com"
ID_HEADER = "X-Interlink-Message-Id"
MAINTENANCE = 100  # Postmark's ErrorCode while it is down for maintenance: try again later
MAX_BODY = 16 * 1024
MAX_DETAIL = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(value: object) -> str:
    """Text without line breaks or control characters (it ends up in mail headers)."""
    return _CONTROL.sub(" ", str(value or "")).strip()


def usable_key(secret: str) -> bool:
    """A token that can travel in a header as given."""
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


def answer_of(text: str) -> dict[str, Any]:
    """The answer as a JSON object (empty if it is not one)."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def scrub(text: str, secret: str) -> str:
    """Never show the server token, even if an answer repeats it."""
    return text.replace(secret, "***") if secret else text


def result_of(status: int, headers: Mapping[str, str], text: str, secret: str) -> SendResult:
    """Map Postmark's answer: 200 with ErrorCode 0 delivered; 429, 5xx and maintenance retried; the rest failed."""
    text = scrub(text, secret)
    result = classify_http(status, headers.get("Retry-After"), text)
    data = answer_of(text)
    code = data.get("ErrorCode")
    if result.outcome is Outcome.DELIVERED and code in (0, None):
        found = data.get("MessageID")
        return replace(result, provider_message_id=str(found) if found else None)
    said = one_line(data.get("Message")) if data else one_line(text)
    if code not in (0, None):
        said = f"{said} (ErrorCode {code})" if said else f"ErrorCode {code}"
    detail = f"HTTP {status}: {said}"[:MAX_DETAIL] if said else f"HTTP {status}"
    if code == MAINTENANCE and result.outcome is not Outcome.RETRY:
        return SendResult.retry(detail, status, result.retry_after, response_excerpt=result.response_excerpt)
    if result.outcome is Outcome.DELIVERED:  # HTTP 200 with an error in the body
        return SendResult.failed(detail, status, response_excerpt=result.response_excerpt)
    return replace(result, detail=detail)


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


class PostmarkSender:
    """One Email API request per message, authenticated with the server token."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        url = endpoint(config)
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        secret = str(config.get("apiKey") or "")
        if not usable_key(secret) or not config.get("from"):
            return SendResult.failed(
                "the integration is misconfigured: it needs a valid server token and a from address"
            )
        if not message.recipient.get("email"):
            return SendResult.failed("the message names no email recipient")
        headers = {
            "X-Postmark-Server-Token": secret,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        seconds = transport.timeout
        try:
            async with transport.http.post(
                url,
                data=orjson.dumps(body_of(message, config)),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=seconds),
                allow_redirects=False,
            ) as response:
                return result_of(response.status, response.headers, await read_capped(response), secret)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, seconds)


SENDER = PostmarkSender()
