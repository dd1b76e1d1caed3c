"""Sends an SMS through the Vonage (Nexmo) SMS API, which answers 200 and puts each part's status in the body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import transport_failure

PUBLIC_BASE = "https://rest.nexmo.com"
MAX_READ = 64 * 1024
MAX_DETAIL = 300
# Status codes that say "not now" rather than "never": throttled, internal error, too many binds.
TRANSIENT = frozenset({"1", "5", "10"})
# GSM 03.38: the basic table and the extension table; any other character needs ``type=unicode``.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà" + "\f^{}\\[~]|€"
)


def form_of(message: OutboundMessage, config: Mapping[str, Any], phone: str, text: str) -> dict[str, str]:
    """The documented form fields; numbers go without their leading ``+``, ``client-ref`` carries our message id."""
    sender = str(config.get("from") or "")
    if sender.startswith("+") and sender[1:].isdigit():
        sender = sender[1:]
    form = {
        "api_key": str(config.get("apiKey") or ""),
        "api_secret": str(config.get("secretKey") or ""),
        "from": sender,
        "to": phone.removeprefix("+"),
        "text": text,
        "client-ref": message.id[:40],
    }
    if not set(text) <= GSM7:
        form["type"] = "unicode"
    return form


def redact(text: str, config: Mapping[str, Any]) -> str:
    """The text with the API secret (and key) blanked out, should an answer ever echo them."""
    for key in ("secretKey", "apiKey"):
        value = str(config.get(key) or "")
        if len(value) >= 4:
            text = text.replace(value, "[redacted]")
    return text


def answer(status: int, headers: Mapping[str, str], text: str, config: Mapping[str, Any]) -> SendResult:
    """Every part must have status ``"0"``; a permanent error in any part fails, a transient one retries."""
    text = redact(text, config)
    result = classify_http(status, headers.get("Retry-After"), text)
    if result.outcome is not Outcome.DELIVERED:
        return result
    try:
        body = orjson.loads(text)
    except orjson.JSONDecodeError:
        body = None
    parts = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(parts, list) or not parts or not all(isinstance(p, dict) for p in parts):
        return SendResult.retry("Vonage answered without message statuses", status, response_excerpt=text[:500])
    errors = [p for p in parts if str(p.get("status")) != "0"]
    if not errors:
        ids = ",".join(str(p.get("message-id")) for p in parts if p.get("message-id"))
        return SendResult.delivered(status, provider_message_id=ids[:200] or None, response_excerpt=text[:500])
    permanent = [p for p in errors if str(p.get("status")) not in TRANSIENT]
    worst = (permanent or errors)[0]
    detail = f"Vonage status {worst.get('status')}: {worst.get('error-text') or 'no error text'}"[:MAX_DETAIL]
    if len(errors) < len(parts):
        detail += f" ({len(parts) - len(errors)} of {len(parts)} parts were accepted)"
    if permanent:
        return SendResult.failed(detail, status, response_excerpt=text[:500])
    return SendResult.retry(detail, status, response_excerpt=text[:500])


class VonageSmsSender:
    """POSTs the form to ``{base}/sms/json``: ``recipient["phone"]`` gets the text (or the subject)."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        phone = message.recipient.get("phone")
        if not isinstance(phone, str) or not phone:
            return SendResult.failed("the message has no recipient phone number")
        text = message.text or message.subject or ""
        if not text:
            return SendResult.failed("the message has no text to send")
        if not config.get("apiKey") or not config.get("secretKey"):
            return SendResult.failed("the integration is misconfigured: the API key and secret are required")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/sms/json"
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        try:
            async with transport.http.post(
                url,
                data=form_of(message, config, phone, text),
                headers={"Accept": "application/json"},
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                body = (await response.content.read(MAX_READ)).decode("utf-8", "replace")
                return answer(response.status, response.headers, body, config)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "Vonage")


SENDER = VonageSmsSender()
