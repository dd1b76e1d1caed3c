"""Posts an Adaptive Card to a Teams channel through a Workflows "when a webhook request is received" flow.

The flow's URL carries its own signature (``sig``), so it is the credential; the flow posts to the channel it
was built for, so the recipient is not used. Workflows answer 202 and run the flow afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import orjson
from yarl import URL

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import transport_failure

MAX_READ = 64 * 1024
MAX_TEXT = 20_000
ERROR_CODE = re.compile(r"^[A-Za-z0-9_.]{1,80}$")
URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
# A retired Office 365 connector answered 200 with this text instead of an HTTP error.
LEGACY_FAILURE = "Webhook message delivery failed"


def card_of(message: OutboundMessage) -> dict[str, Any]:
    """The message envelope with one Adaptive Card: the subject as a bold heading, then the text."""
    blocks: list[dict[str, Any]] = []
    if message.subject and message.subject.strip():
        blocks.append(
            {"type": "TextBlock", "text": message.subject.strip(), "weight": "Bolder", "size": "Medium", "wrap": True}
        )
    if message.text and message.text.strip():
        blocks.append({"type": "TextBlock", "text": message.text.strip()[:MAX_TEXT], "wrap": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": blocks,
        "msteams": {"width": "full"},
    }
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
    return {"type": "message", "attachments": [attachment]}


def as_given(url: str) -> URL | str:
    """The URL exactly as Teams showed it (``sp=%2Ftriggers…`` stays encoded: it is part of what is signed)."""
    return URL(url, encoded=True) if URL_CHARS.match(url) else url


def redact(text: str, config: Mapping[str, Any]) -> str:
    """The text with the flow URL and its signature blanked out, should an answer ever echo them."""
    url = str(config.get("webhookUrl") or "")
    secrets = [url, *(v for k, v in parse_qsl(urlsplit(url).query) if k == "sig")]
    for secret in secrets:
        if len(secret) >= 8:
            text = text.replace(secret, "[redacted]")
    return text


def answer(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """200/202 accepted; errors carry ``{"error": {"code", "message"}}`` (only the code is kept: it is safe)."""
    result = classify_http(status, headers.get("Retry-After"), text)
    if result.outcome is Outcome.DELIVERED:
        if text.lstrip().startswith(LEGACY_FAILURE):
            return SendResult.failed("Teams refused the message: " + text.strip()[:200], status)
        return result
    try:
        body = orjson.loads(text) if text else None
    except orjson.JSONDecodeError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if isinstance(code, str) and ERROR_CODE.match(code):
        detail = f"Teams workflow error {code} (HTTP {status})"
        return SendResult(result.outcome, status, detail, result.retry_after, response_excerpt=result.response_excerpt)
    return result


class TeamsSender:
    """One POST of the card to the flow's URL."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        card = card_of(message)
        if not card["attachments"][0]["content"]["body"]:
            return SendResult.failed("the message has no text to post")
        url = str(config.get("webhookUrl") or "")
        if not url:
            return SendResult.failed("the integration is misconfigured: the workflow URL is required")
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        try:
            async with transport.http.post(
                as_given(url),
                data=orjson.dumps(card),
                headers={"Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                text = redact((await response.content.read(MAX_READ)).decode("utf-8", "replace"), config)
                return answer(response.status, response.headers, text)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "Teams")


SENDER = TeamsSender()
