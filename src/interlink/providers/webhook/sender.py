"""Sends a message as a signed JSON request to the integration's URL."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson

from interlink.core.timeutil import iso, utcnow
from interlink.core.tracing import traceparent
from interlink.sdk import OutboundMessage, SendResult, Transport, classify_http
from interlink.sdk.signing import signature_header

MAX_EXCERPT = 2000


def body_of(message: OutboundMessage) -> bytes:
    """The Standard Webhooks payload: ``{type, timestamp, data}``, plus the message's content when it has any."""
    envelope: dict[str, Any] = {
        "type": message.data.get("eventType") or "message.created",
        "timestamp": iso(utcnow()),
        "messageId": message.id,
        "data": dict(message.data.get("payload") or {}),
    }
    content = {k: v for k, v in (("subject", message.subject), ("text", message.text), ("html", message.html)) if v}
    if content:
        envelope["content"] = content
    if message.metadata:
        envelope["metadata"] = dict(message.metadata)
    return orjson.dumps(envelope)


class WebhookSender:
    """POST/PUT/PATCH with optional Basic or Digest auth; the same ``webhook-id`` on every retry."""

    def __init__(self) -> None:
        self._digest: dict[tuple[str, str], aiohttp.DigestAuthMiddleware] = {}

    def _auth(self, config: Mapping[str, Any]) -> dict[str, Any]:
        kind = config.get("authType", "NONE")
        user, password = config.get("username") or "", config.get("password") or ""
        if kind == "BASIC":
            return {"auth": aiohttp.BasicAuth(user, password)}
        if kind == "DIGEST":
            # One middleware per credential pair keeps the server's nonce, so later sends go out authenticated.
            key = (user, password)
            if key not in self._digest:
                self._digest[key] = aiohttp.DigestAuthMiddleware(user, password)
            return {"middlewares": (self._digest[key],)}
        return {}

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        url = str(config.get("url") or "")
        refused = transport.check_url(url)
        if refused:
            return SendResult.failed(refused)
        body = body_of(message)
        headers = {
            "Content-Type": "application/json",
            "webhook-id": message.id,
            "webhook-timestamp": str(int(time.time())),
        }
        headers.update({str(k): str(v) for k, v in (config.get("headers") or {}).items()})
        if config.get("signingSecret"):
            headers["webhook-signature"] = signature_header(
                config["signingSecret"], message.id, int(headers["webhook-timestamp"]), body
            )
        if message.trace_id:
            headers["traceparent"] = traceparent(message.trace_id)
        timeout = aiohttp.ClientTimeout(total=float(config.get("timeoutSeconds") or transport.timeout))
        try:
            async with transport.http.request(
                config.get("method", "POST"),
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
                **self._auth(config),
            ) as response:
                text = (await response.content.read(MAX_EXCERPT)).decode("utf-8", "replace")
                return classify_http(response.status, response.headers.get("Retry-After"), text)
        except TimeoutError:
            return SendResult.retry(f"no answer within {timeout.total:g} s")
        except aiohttp.ClientConnectorError as exc:
            if "private addresses" in str(exc.os_error):
                return SendResult.failed(str(exc.os_error))
            return SendResult.retry(f"could not connect: {exc.os_error.strerror or exc.os_error}")
        except aiohttp.ClientError as exc:
            return SendResult.retry(f"{type(exc).__name__}: {exc}")


SENDER = WebhookSender()
