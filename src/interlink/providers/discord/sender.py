"""Posts to a Discord channel by executing one of its webhooks (``?wait=true``, so Discord returns the message id).

Recipient: ``{"threadId": "…"}`` posts into that thread of the webhook's channel; otherwise the channel itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson
from yarl import URL

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import transport_failure

MAX_READ = 64 * 1024
MAX_CONTENT = 2000  # Discord refuses longer content
MAX_DETAIL = 300


def content_of(message: OutboundMessage) -> str:
    """The subject in bold above the text (Discord markdown), cut to Discord's 2,000 characters."""
    subject, text = (message.subject or "").strip(), (message.text or "").strip()
    joined = f"**{subject}**\n{text}" if subject and text else subject or text
    return joined if len(joined) <= MAX_CONTENT else joined[: MAX_CONTENT - 1] + "…"


def target(config: Mapping[str, Any], message: OutboundMessage) -> str:
    """The webhook URL with ``wait=true`` and, when the recipient names one, ``thread_id``."""
    url = URL(str(config.get("webhookUrl") or ""))
    query: dict[str, str] = {"wait": "true"}
    thread = message.recipient.get("threadId")
    if isinstance(thread, str | int) and not isinstance(thread, bool) and str(thread).strip():
        query["thread_id"] = str(thread).strip()
    return str(url.update_query(query))


def redact(text: str, config: Mapping[str, Any]) -> str:
    """The text with the webhook URL and its token (the URL's last segment) blanked out, should an answer echo them."""
    url = str(config.get("webhookUrl") or "")
    for secret in (url, URL(url).name if url else ""):
        if len(secret) >= 8:
            text = text.replace(secret, "[redacted]")
    return text


def body_retry_after(body: Any) -> float | None:
    """``retry_after`` (seconds, fractional) from Discord's 429 body."""
    value = body.get("retry_after") if isinstance(body, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 else None


def answer(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """200 with the message (its ``id``) or 204; errors are ``{"code", "message"}``, 429 adds ``retry_after``."""
    result = classify_http(status, headers.get("Retry-After"), text)
    try:
        body = orjson.loads(text) if text else None
    except orjson.JSONDecodeError:
        body = None
    if result.outcome is Outcome.DELIVERED:
        found = body.get("id") if isinstance(body, dict) else None
        return SendResult.delivered(
            status, provider_message_id=str(found) if found else None, response_excerpt=result.response_excerpt
        )
    detail = result.detail
    if isinstance(body, dict) and body.get("message"):
        code = body.get("code")
        detail = f"Discord error {code}: {body['message']}" if code is not None else f"Discord: {body['message']}"
        detail = f"{detail} (HTTP {status})"[:MAX_DETAIL]
    wait = result.retry_after
    if result.outcome is Outcome.RETRY:
        from_body = body_retry_after(body)
        if from_body is not None:  # fractional seconds: more precise than the header's whole seconds
            wait = max(from_body, wait or 0.0)
    return SendResult(result.outcome, status, detail, wait, response_excerpt=result.response_excerpt)


class DiscordSender:
    """Executes the integration's webhook with the message as ``content``; ``@everyone`` never pings."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        content = content_of(message)
        if not content:
            return SendResult.failed("the message has no text to post")
        if not config.get("webhookUrl"):
            return SendResult.failed("the integration is misconfigured: the webhook URL is required")
        try:
            url = target(config, message)
        except ValueError:
            return SendResult.failed("the webhook URL cannot be called; check the integration's settings")
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        body = {"content": content, "allowed_mentions": {"parse": ["users", "roles"]}}
        try:
            async with transport.http.post(
                url,
                data=orjson.dumps(body),
                headers={"Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                text = redact((await response.content.read(MAX_READ)).decode("utf-8", "replace"), config)
                return answer(response.status, response.headers, text)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "Discord")


SENDER = DiscordSender()
