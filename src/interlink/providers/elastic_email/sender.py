"""Sends email through Elastic Email's v4 transactional API; a 200 counts only when it carries a message id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from email.headerregistry import Address
from typing import Any

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import one_line, read_capped, scrub, transport_failure, usable_key

DEFAULT_BASE = "https://api.elasticemail.com"
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


def answer_of(text: str) -> dict[str, Any]:
    """The answer as a JSON object (empty if it is not one)."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def error_in(data: Mapping[str, Any]) -> str | None:
    """The error an answer reports: v4's ``Error``, or the ``success: false`` body the legacy API answers 200 with."""
    said = data.get("Error") or data.get("error")
    if said or data.get("success") is False:
        return one_line(said) or "the request was not successful"
    return None


def result_of(status: int, headers: Mapping[str, str], text: str, secret: str) -> SendResult:
    """Map Elastic Email's answer: a 2xx with an id delivered, 429/5xx retried, other answers failed."""
    text = scrub(text, secret)
    result = classify_http(status, headers.get("Retry-After"), text)
    data = answer_of(text)
    found = data.get("MessageID") or data.get("TransactionID")
    problem = error_in(data)
    if result.outcome is Outcome.DELIVERED:
        if found and not problem:
            return replace(result, provider_message_id=str(found))
        said = problem or "the answer holds no message or transaction id"
        return SendResult.failed(
            f"HTTP {status}: {said}"[:MAX_DETAIL], status, response_excerpt=result.response_excerpt
        )
    said = problem or one_line(data.get("message") or data.get("Message") or ("" if data else text))
    return replace(result, detail=f"HTTP {status}: {said}"[:MAX_DETAIL] if said else f"HTTP {status}")


class ElasticEmailSender:
    """One transactional send per message, authenticated with the ``X-ElasticEmail-ApiKey`` header."""

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
        headers = {"X-ElasticEmail-ApiKey": secret, "Content-Type": "application/json", "Accept": "application/json"}
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


SENDER = ElasticEmailSender()
