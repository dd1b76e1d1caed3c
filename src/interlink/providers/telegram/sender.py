"""Sends a message through a Telegram bot (Bot API ``sendMessage``); the bot token is part of the URL path.

Recipient: ``{"chatId": …}`` (a numeric id or ``@channelusername``) overrides the integration's chat.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, SendResult, Transport, classify_http
from interlink.sdk.http import transport_failure

PUBLIC_BASE = "https://api.telegram.org"
MAX_READ = 64 * 1024
MAX_TEXT = 4096  # Telegram refuses longer text
MAX_DETAIL = 300
NUMERIC = re.compile(r"^-?\d{1,20}$")


def text_of(message: OutboundMessage) -> str:
    """The subject above the text (plain text: no parse mode, so nothing needs escaping), cut to 4,096 characters."""
    subject, text = (message.subject or "").strip(), (message.text or "").strip()
    joined = f"{subject}\n\n{text}" if subject and text else subject or text
    return joined if len(joined) <= MAX_TEXT else joined[: MAX_TEXT - 1] + "…"


def chat_of(message: OutboundMessage, config: Mapping[str, Any]) -> int | str:
    """The recipient's ``chatId`` or the integration's; numeric ids go as integers, ``@names`` as strings."""
    wanted = message.recipient.get("chatId")
    if isinstance(wanted, bool) or not isinstance(wanted, str | int) or not str(wanted).strip():
        wanted = config.get("chatId")
    chat = str(wanted or "").strip()
    return int(chat) if NUMERIC.match(chat) else chat


def redact(text: str, config: Mapping[str, Any]) -> str:
    """The text with the bot token blanked out, should an answer ever echo it."""
    token = str(config.get("apiToken") or "")
    return text.replace(token, "[redacted]") if len(token) >= 4 else text


def answer(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """``{"ok": true, "result": Message}``, or ``{"ok": false, "error_code", "description", "parameters"}``."""
    result = classify_http(status, headers.get("Retry-After"), text)
    try:
        body = orjson.loads(text) if text else None
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
        return result
    if body["ok"] and 200 <= status < 300:
        sent = body.get("result")
        found = sent.get("message_id") if isinstance(sent, dict) else None
        return SendResult.delivered(
            status, provider_message_id=str(found) if found is not None else None, response_excerpt=text[:500]
        )
    description = str(body.get("description") or f"HTTP {status}")
    found = body.get("parameters")
    parameters: dict[str, Any] = found if isinstance(found, dict) else {}
    wait = parameters.get("retry_after")
    wait = float(wait) if isinstance(wait, int | float) and not isinstance(wait, bool) and wait >= 0 else None
    moved = parameters.get("migrate_to_chat_id")
    if moved is not None:
        description += f"; the group is now the supergroup {moved}: set the chat ID to it"
    detail = f"Telegram: {description}"[:MAX_DETAIL]
    if body["ok"] is False and 200 <= status < 300:  # an error in a 2xx answer: never a delivery
        return SendResult.failed(detail, status, response_excerpt=text[:500])
    return SendResult(
        result.outcome, status, detail, result.retry_after if wait is None else wait, response_excerpt=text[:500]
    )


class TelegramSender:
    """POSTs ``{"chat_id", "text"}`` as JSON to ``{base}/bot<token>/sendMessage``."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        text = text_of(message)
        if not text:
            return SendResult.failed("the message has no text to send")
        token, chat = str(config.get("apiToken") or ""), chat_of(message, config)
        if not token or chat == "":
            return SendResult.failed("the integration is misconfigured: the bot token and a chat ID are required")
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        refused = transport.check_url(base + "/")
        if refused:
            return SendResult.failed(refused)
        url = f"{base}/bot{quote(token, safe=':')}/sendMessage"
        try:
            async with transport.http.post(
                url,
                data=orjson.dumps({"chat_id": chat, "text": text}),
                headers={"Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                body = redact((await response.content.read(MAX_READ)).decode("utf-8", "replace"), config)
                return answer(response.status, response.headers, body)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "Telegram")


SENDER = TelegramSender()
