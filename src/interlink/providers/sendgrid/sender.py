"""Sends email through SendGrid's v3 Mail Send API: 202 Accepted, the message id in ``X-Message-Id``."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http, parse_retry_after
from interlink.sdk.http import read_capped, scrub, transport_failure, usable_key

GLOBAL = "https://api.sendgrid.com"
EU = "https://api.eu.sendgrid.com"
ID_HEADER = "X-Interlink-Message-Id"
MAX_DETAIL = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(value: object) -> str:
    """Text without line breaks or control characters (names end up in mail headers)."""
    return _CONTROL.sub(" ", str(value or "")).strip()


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


def errors_of(text: str) -> str:
    """The ``errors[].message`` (with their ``field``) of a SendGrid error body, joined; empty if there are none."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return one_line(text)[:MAX_DETAIL]
    errors = data.get("errors") if isinstance(data, dict) else None
    found = []
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict) and error.get("message"):
            field = error.get("field")
            found.append(f"{field}: {error['message']}" if field and field != "null" else str(error["message"]))
    return one_line("; ".join(found))


def wait_of(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait: ``Retry-After`` if given, else until ``X-RateLimit-Reset`` (a Unix time)."""
    wait = parse_retry_after(headers.get("Retry-After"))
    reset = (headers.get("X-RateLimit-Reset") or "").strip()
    if wait is None and reset.isdigit():
        wait = max(0.0, int(reset) - time.time())
    return wait


def result_of(status: int, headers: Mapping[str, str], text: str, secret: str) -> SendResult:
    """Map SendGrid's answer: 2xx delivered, 408/429/5xx retry (honouring the rate-limit reset), else failed."""
    text = scrub(text, secret)
    result = classify_http(status, None, text)
    if result.outcome is Outcome.DELIVERED:
        return replace(result, provider_message_id=headers.get("X-Message-Id") or None)
    problem = errors_of(text)
    detail = f"HTTP {status}: {problem}"[:MAX_DETAIL] if problem else f"HTTP {status}"
    if result.outcome is Outcome.RETRY:
        return replace(result, detail=detail, retry_after=wait_of(headers))
    return replace(result, detail=detail)


class SendGridSender:
    """One Mail Send request per message, authenticated with the integration's API key."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        url = endpoint(config)
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        secret = str(config.get("apiKey") or "")
        if not usable_key(secret) or not config.get("from"):
            return SendResult.failed("the integration is misconfigured: it needs a valid API key and a from address")
        if not message.recipient.get("email"):
            return SendResult.failed("the message names no email recipient")
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
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


SENDER = SendGridSender()
