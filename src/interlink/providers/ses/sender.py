"""Email through Amazon SES v2 ``SendEmail``, signed with SigV4 by botocore's signer."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import formataddr
from typing import Any

import aiohttp
import orjson
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import one_line, read_capped, scrub, transport_failure, usable_key

PATH = "/v2/email/outbound-emails"
THROTTLED = {"TooManyRequestsException", "ThrottlingException", "Throttling"}
MAX_DETAIL = 300


def endpoint(config: Mapping[str, Any]) -> str:
    base = str(config.get("baseUrl") or f"https://email.{config.get('region')}.amazonaws.com").rstrip("/")
    return base + PATH


def body_of(message: OutboundMessage, config: Mapping[str, Any]) -> dict[str, Any]:
    """A Simple content email: subject, text and/or HTML, to the one recipient."""
    sender = str(config.get("from") or "")
    name = one_line(config.get("senderName"))
    body = {
        kind: {"Data": value, "Charset": "UTF-8"}
        for kind, value in (("Text", message.text), ("Html", message.html))
        if value
    }
    return {
        "FromEmailAddress": formataddr((name, sender)) if name else sender,
        "Destination": {"ToAddresses": [str(message.recipient.get("email") or "")]},
        "Content": {"Simple": {"Subject": {"Data": one_line(message.subject), "Charset": "UTF-8"}, "Body": body}},
    }


def signed_headers(url: str, data: bytes, config: Mapping[str, Any]) -> dict[str, str]:
    """The request's headers with SigV4 ``Authorization`` and ``X-Amz-Date`` for the ``ses`` service."""
    request = AWSRequest(method="POST", url=url, data=data, headers={"Content-Type": "application/json"})
    credentials = Credentials(str(config.get("apiKey") or ""), str(config.get("secretKey") or ""))
    SigV4Auth(credentials, "ses", str(config.get("region") or "")).add_auth(request)
    return {k: str(v) for k, v in request.headers.items()}


def error_of(headers: Mapping[str, str], text: str) -> tuple[str, str]:
    """The error type (``x-amzn-ErrorType`` or ``__type``) and its message."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = {}
    data = data if isinstance(data, dict) else {}
    kind = headers.get("x-amzn-ErrorType") or str(data.get("__type") or "")
    kind = kind.split(":", 1)[0].rsplit("#", 1)[-1]
    return kind, str(data.get("message") or data.get("Message") or "")


def result_of(status: int, headers: Mapping[str, str], text: str, config: Mapping[str, Any]) -> SendResult:
    text = scrub(scrub(text, str(config.get("secretKey") or "")), str(config.get("apiKey") or ""))
    if 200 <= status < 300:
        try:
            found = orjson.loads(text).get("MessageId")
        except (orjson.JSONDecodeError, AttributeError):
            found = None
        return SendResult.delivered(status, provider_message_id=str(found) if found else None)
    kind, said = error_of(headers, text)
    detail = f"SES {kind or f'HTTP {status}'}: {one_line(said)}".rstrip(": ")[:MAX_DETAIL]
    result = classify_http(status, headers.get("Retry-After"))
    outcome = Outcome.RETRY if kind in THROTTLED else result.outcome
    return SendResult(outcome, status, detail, result.retry_after)


class SesSender:
    """One signed ``SendEmail`` per message."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        if not message.recipient.get("email"):
            return SendResult.failed("the message names no email recipient")
        keys = (str(config.get("apiKey") or ""), str(config.get("secretKey") or ""))
        if not all(usable_key(k) for k in keys) or not config.get("region") or not config.get("from"):
            return SendResult.failed(
                "the integration is misconfigured: it needs access keys, a region and a from address"
            )
        url = endpoint(config)
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        data = orjson.dumps(body_of(message, config))
        try:
            headers = signed_headers(url, data, config)
        except ValueError:
            return SendResult.failed("the request cannot be signed; check the region")
        try:
            async with transport.http.post(
                url,
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                return result_of(response.status, response.headers, await read_capped(response), config)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "SES")


SENDER = SesSender()
