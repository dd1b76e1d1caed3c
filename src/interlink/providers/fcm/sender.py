"""Firebase Cloud Messaging HTTP v1: ``messages:send`` with an OAuth2 token from the service account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
import orjson

from interlink.providers.fcm import oauth
from interlink.sdk import OutboundMessage, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import read_capped, transport_failure

PUBLIC_BASE = "https://fcm.googleapis.com"
GONE = {"UNREGISTERED"}
MAX_DETAIL = 300


def endpoint(config: Mapping[str, Any], project: str) -> str:
    base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
    return f"{base}/v1/projects/{quote(project, safe='')}/messages:send"


def body_of(message: OutboundMessage) -> dict[str, Any]:
    """One message to one registration token; ``data`` values must be strings, so others are sent as JSON."""
    notification = {k: v for k, v in (("title", message.subject), ("body", message.text)) if v}
    data = {"messageId": message.id}
    for key, value in (message.metadata or {}).items():
        data[str(key)] = value if isinstance(value, str) else orjson.dumps(value).decode()
    return {"message": {"token": str(message.recipient.get("token")), "notification": notification, "data": data}}


def error_of(text: str) -> tuple[str, str]:
    """The FCM ``errorCode`` (from ``details``, else the RPC ``status``) and message of a google.rpc.Status body."""
    try:
        body = orjson.loads(text)
    except orjson.JSONDecodeError:
        return "", text[:MAX_DETAIL]
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "", ""
    code = str(error.get("status") or "")
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and detail.get("errorCode"):
            code = str(detail["errorCode"])
    return code, str(error.get("message") or "")


def result_of(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """200 with ``name`` delivered; ``UNREGISTERED`` is a gone token; 429/5xx retry; the rest fails."""
    result = classify_http(status, headers.get("Retry-After"), text)
    if result.outcome is Outcome.DELIVERED:
        try:
            name = orjson.loads(text).get("name")
        except (orjson.JSONDecodeError, AttributeError):
            name = None
        return SendResult.delivered(status, provider_message_id=str(name) if name else None)
    code, said = error_of(text)
    detail = f"FCM {code or f'HTTP {status}'}: {said}".rstrip(": ")[:MAX_DETAIL]
    if code in GONE:
        return SendResult.failed(detail, status, gone=True)
    return SendResult(result.outcome, status, detail, result.retry_after, response_excerpt=result.response_excerpt)


class FcmSender:
    """Sends to one registration token per message; the access token is shared by every send of the account."""

    def __init__(self) -> None:
        self.tokens = oauth.TokenCache()

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        if not isinstance(message.recipient.get("token"), str) or not message.recipient["token"]:
            return SendResult.failed("the message has no FCM registration token as recipient")
        try:
            account = oauth.parse(str(config.get("serviceAccount") or ""))
        except ValueError as exc:
            return SendResult.failed(f"the integration is misconfigured: {exc}")
        project = str(config.get("projectId") or account.project_id)
        if not project:
            return SendResult.failed("the integration is misconfigured: no project id (set projectId)")
        url = endpoint(config, project)
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        token = await self.tokens.token(account, transport)
        if isinstance(token, SendResult):
            return token
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; UTF-8"}
        try:
            async with transport.http.post(
                url,
                data=orjson.dumps(body_of(message)),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                result = result_of(response.status, response.headers, await read_capped(response))
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "FCM")
        if result.status_code == 401:  # the token was revoked or expired early: fetch a new one next time
            self.tokens.forget(account)
            return SendResult.retry(result.detail, 401)
        return result


SENDER = FcmSender()
