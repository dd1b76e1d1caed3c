"""Sends email through Postmark's Email API; an answer counts only when its ``ErrorCode`` is 0."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from email.headerregistry import Address
from typing import Any

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import one_line, read_capped, transport_failure

DEFAULT_BASE = "https://api.postmarkapp.com"
ID_HEADER = "X-Interlink-Message-Id"
MAINTENANCE = 100  # Postmark's ErrorCode while it is down for maintenance: try again later
MAX_DETAIL = 300


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
