"""Sends an SMS through Twilio's Messages API; the Twilio voice sender shares the request and answer handling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
import orjson

from interlink.sdk import OutboundMessage, SendResult, Transport, classify_http
from interlink.sdk.http import transport_failure

PUBLIC_BASE = "https://api.twilio.com"
MAX_READ = 64 * 1024
MAX_DETAIL = 300


def resource_url(config: Mapping[str, Any], resource: str) -> str:
    """``{base}/2010-04-01/Accounts/{AccountSid}/{resource}.json``; the base is the public API unless configured."""
    base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
    account = quote(str(config.get("accountSid") or ""), safe="")
    return f"{base}/2010-04-01/Accounts/{account}/{resource}.json"


def redact(text: str, config: Mapping[str, Any]) -> str:
    """The text with the auth token blanked out, should an answer ever echo it."""
    token = str(config.get("token") or "")
    return text.replace(token, "[redacted]") if len(token) >= 4 else text


def answer(status: int, headers: Mapping[str, str], text: str, config: Mapping[str, Any]) -> SendResult:
    """Twilio's answer: 2xx with the resource (its ``sid``), or ``{code, message, more_info, status}``."""
    text = redact(text, config)
    try:
        body = orjson.loads(text) if text else {}
    except orjson.JSONDecodeError:
        body = {}
    body = body if isinstance(body, dict) else {}
    result = classify_http(status, headers.get("Retry-After"), text)
    if 200 <= status < 300:
        sid = body.get("sid")
        return SendResult.delivered(
            status, provider_message_id=str(sid) if sid else None, response_excerpt=result.response_excerpt
        )
    code, message = body.get("code"), str(body.get("message") or "").strip()
    if code is None and not message:
        return result
    detail = f"Twilio error {code}: {message}" if code is not None else f"Twilio: {message}"
    if body.get("detail"):
        detail += f" ({body['detail']})"
    return SendResult(
        result.outcome, status, detail[:MAX_DETAIL], result.retry_after, response_excerpt=result.response_excerpt
    )


async def post_form(transport: Transport, url: str, form: Mapping[str, str], config: Mapping[str, Any]) -> SendResult:
    """POST the form with Basic auth (Account SID and auth token) and classify Twilio's answer."""
    refused = transport.check_url(url)
    if refused:
        return SendResult.failed(refused)
    account, token = str(config.get("accountSid") or ""), str(config.get("token") or "")
    if not account or not token:
        return SendResult.failed("the integration is misconfigured: the account SID and auth token are required")
    if ":" in account:
        return SendResult.failed("the integration is misconfigured: the account SID must not contain ':'")
    headers = {"Authorization": aiohttp.encode_basic_auth(account, token), "Accept": "application/json"}
    try:
        async with transport.http.post(
            url,
            data=dict(form),  # aiohttp sends a dict as application/x-www-form-urlencoded
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=transport.timeout),
            allow_redirects=False,
        ) as response:
            text = (await response.content.read(MAX_READ)).decode("utf-8", "replace")
            return answer(response.status, response.headers, text, config)
    except (TimeoutError, aiohttp.ClientError) as exc:
        return transport_failure(exc, transport.timeout, "Twilio")


class TwilioSmsSender:
    """One message per recipient phone: ``To`` is ``recipient["phone"]``, ``Body`` is the text (or the subject)."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        phone = message.recipient.get("phone")
        if not isinstance(phone, str) or not phone:
            return SendResult.failed("the message has no recipient phone number")
        body = message.text or message.subject or ""
        if not body:
            return SendResult.failed("the message has no text to send")
        form = {"To": phone, "From": str(config.get("from") or ""), "Body": body}
        return await post_form(transport, resource_url(config, "Messages"), form, config)


SENDER = TwilioSmsSender()
