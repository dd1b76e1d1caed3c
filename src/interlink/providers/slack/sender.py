"""Posts to Slack through an incoming webhook (mode WEBHOOK) or as a bot with chat.postMessage (mode BOT).

Recipient: in BOT mode ``{"channel": "C0123456789"}`` (an ID or ``#name``) overrides the integration's channel;
an incoming webhook always posts to the channel it was created for, so WEBHOOK mode ignores the recipient.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import transport_failure

PUBLIC_BASE = "https://slack.com/api"
MAX_READ = 64 * 1024
MAX_TEXT = 40_000  # Slack truncates longer text
ERROR_CODE = re.compile(r"^[a-z0-9_]{1,80}$")
# chat.postMessage errors that say "not now" rather than "never".
TRANSIENT = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
     "team_added_to_org"}
)  # fmt: skip


def text_of(message: OutboundMessage) -> str:
    """The subject in bold above the text (Slack mrkdwn), or whichever of them the message has."""
    subject, text = (message.subject or "").strip(), (message.text or "").strip()
    joined = f"*{subject}*\n{text}" if subject and text else subject or text
    return joined[:MAX_TEXT]


def redact(text: str, config: Mapping[str, Any]) -> str:
    """The text with the bot token and the webhook URL (and its secret path) blanked out, should an answer echo them."""
    url = str(config.get("webhookUrl") or "")
    for value in (str(config.get("apiToken") or ""), url, urlsplit(url).path):
        if len(value) >= 8:
            text = text.replace(value, "[redacted]")
    return text


def body_retry_after(body: Any) -> float | None:
    """``retry_after`` (seconds) from a JSON answer, when it holds one."""
    value = body.get("retry_after") if isinstance(body, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 else None


def webhook_answer(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """Incoming webhooks answer 200 ``ok`` or an HTTP error whose plain-text body is an error code."""
    result = classify_http(status, headers.get("Retry-After"), text)
    if result.outcome is Outcome.DELIVERED:
        return result
    code = text.strip()
    detail = f"Slack answered {status} {code}" if ERROR_CODE.match(code) else result.detail
    wait = result.retry_after
    if result.outcome is Outcome.RETRY and wait is None and code.startswith("{"):
        try:
            wait = body_retry_after(orjson.loads(code))
        except orjson.JSONDecodeError:
            wait = None
    return SendResult(result.outcome, status, detail, wait, response_excerpt=result.response_excerpt)


def api_answer(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """chat.postMessage answers 200 with ``{"ok": true, "ts": …}`` or ``{"ok": false, "error": …}``."""
    result = classify_http(status, headers.get("Retry-After"), text)
    try:
        body = orjson.loads(text) if text else None
    except orjson.JSONDecodeError:
        body = None
    if result.outcome is Outcome.RETRY:
        wait = result.retry_after if result.retry_after is not None else body_retry_after(body)
        return SendResult.retry(result.detail, status, wait, response_excerpt=result.response_excerpt)
    if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
        if result.outcome is Outcome.DELIVERED:
            return SendResult.retry("Slack answered without an ok field", status, response_excerpt=text[:500])
        return result
    if body["ok"]:
        ts = body.get("ts")
        return SendResult.delivered(status, provider_message_id=str(ts) if ts else None, response_excerpt=text[:500])
    error = str(body.get("error") or "unknown_error")
    error = error if ERROR_CODE.match(error) else "unknown_error"
    if error in TRANSIENT:
        return SendResult.retry(f"Slack error: {error}", status, body_retry_after(body), response_excerpt=text[:500])
    return SendResult.failed(f"Slack error: {error}", status, response_excerpt=text[:500])


def request_of(message: OutboundMessage, config: Mapping[str, Any]) -> tuple[str, dict[str, str], dict[str, Any]]:
    """URL, headers and JSON body for the integration's mode; raises ValueError when the mode lacks a setting."""
    text = text_of(message)
    if (config.get("mode") or "WEBHOOK") == "BOT":
        token = str(config.get("apiToken") or "")
        wanted = message.recipient.get("channel")
        channel = wanted if isinstance(wanted, str) and wanted.strip() else str(config.get("channel") or "")
        if not token or not channel.strip():
            raise ValueError("BOT mode needs a bot token and a channel")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/chat.postMessage"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=utf-8"}
        return url, headers, {"channel": channel.strip(), "text": text}
    url = str(config.get("webhookUrl") or "")
    if not url:
        raise ValueError("WEBHOOK mode needs an incoming webhook URL")
    return url, {"Content-Type": "application/json"}, {"text": text}


class SlackSender:
    """One POST per message; the answer is read the way the mode's endpoint reports errors."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        if not text_of(message):
            return SendResult.failed("the message has no text to post")
        try:
            url, headers, body = request_of(message, config)
        except ValueError as exc:
            return SendResult.failed(f"the integration is misconfigured: {exc}")
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        bot = (config.get("mode") or "WEBHOOK") == "BOT"
        try:
            async with transport.http.post(
                url,
                data=orjson.dumps(body),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                text = redact((await response.content.read(MAX_READ)).decode("utf-8", "replace"), config)
                return (api_answer if bot else webhook_answer)(response.status, response.headers, text)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "Slack")


SENDER = SlackSender()
