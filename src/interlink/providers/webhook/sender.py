"""Sends a message as a signed JSON request to the integration's URL."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson

from interlink.sdk import HttpSender, Misconfigured, OutboundMessage, Request, iso, traceparent, utcnow
from interlink.sdk.signing import signature_header

MAX_EXCERPT = 2000
MAX_DIGEST_STATES = 1024
# Headers the sender owns: a custom header of the same name would break the signature, framing or auth.
RESERVED = frozenset(
    {
        "content-type",
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "traceparent",
    }
)


def body_of(message: OutboundMessage) -> bytes:
    """The Standard Webhooks payload: ``{type, timestamp, data}``, plus the message's content when it has any.

    ``timestamp`` is when the message was accepted, so every retry sends the very same body.
    """
    envelope: dict[str, Any] = {
        "type": message.data.get("eventType") or "message.created",
        "timestamp": message.data.get("createdAt") or iso(utcnow()),
        "messageId": message.id,
        "data": dict(message.data.get("payload") or {}),
    }
    content = {k: v for k, v in (("subject", message.subject), ("text", message.text), ("html", message.html)) if v}
    if content:
        envelope["content"] = content
    if message.metadata:
        envelope["metadata"] = dict(message.metadata)
    return orjson.dumps(envelope)


def timeout_of(config: Mapping[str, Any]) -> float | None:
    """The integration's timeout; the skeleton never lets it exceed the engine's (a send must end within the lease)."""
    try:
        wanted = float(config.get("timeoutSeconds") or 0)
    except (TypeError, ValueError):
        wanted = 0.0
    return wanted if wanted > 0 else None


class WebhookSender(HttpSender):
    """POST/PUT/PATCH with optional Basic or Digest auth; the same ``webhook-id`` on every retry."""

    max_read = MAX_EXCERPT

    def __init__(self) -> None:
        self._digest: dict[tuple[str, str, str], aiohttp.DigestAuthMiddleware] = {}

    def _digest_for(self, url: str, user: str, password: str) -> aiohttp.DigestAuthMiddleware:
        """One middleware per endpoint and credentials: it keeps that server's nonce, so later sends skip the 401."""
        key = (url, user, password)
        found = self._digest.get(key)
        if found is None:
            if len(self._digest) >= MAX_DIGEST_STATES:
                self._digest.pop(next(iter(self._digest)))
            found = self._digest[key] = aiohttp.DigestAuthMiddleware(user, password)
        return found

    def _auth(self, config: Mapping[str, Any], url: str) -> tuple[dict[str, str], dict[str, Any]]:
        """Headers and request options for the integration's auth type."""
        kind = config.get("authType") or "NONE"
        user, password = str(config.get("username") or ""), str(config.get("password") or "")
        if kind == "BASIC":
            if ":" in user:
                raise ValueError("the username must not contain ':' for Basic auth")
            return {"Authorization": aiohttp.encode_basic_auth(user, password)}, {}
        if kind == "DIGEST":
            return {}, {"middlewares": (self._digest_for(url, user, password),)}
        return {}, {}

    def _headers(self, message: OutboundMessage, config: Mapping[str, Any], body: bytes) -> dict[str, str]:
        """Custom headers first, then the ones the sender owns (a custom header cannot replace those)."""
        auth = (config.get("authType") or "NONE") != "NONE"
        headers = {
            str(name): str(value)
            for name, value in (config.get("headers") or {}).items()
            if str(name).lower() not in RESERVED and not (auth and str(name).lower() == "authorization")
        }
        timestamp = int(time.time())
        headers.update(
            {"Content-Type": "application/json", "webhook-id": message.id, "webhook-timestamp": str(timestamp)}
        )
        if config.get("signingSecret"):
            headers["webhook-signature"] = signature_header(config["signingSecret"], message.id, timestamp, body)
        if message.trace_id:
            headers["traceparent"] = traceparent(message.trace_id)
        return headers

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        url = str(config.get("url") or "")
        body = body_of(message)
        try:
            headers = self._headers(message, config, body)
            auth_headers, options = self._auth(config, url)
        except ValueError as exc:  # a malformed signing secret or username: no retry can fix it
            raise Misconfigured(str(exc)) from None
        headers.update(auth_headers)
        method = str(config.get("method") or "POST")
        return Request(url, method, headers, data=body, timeout=timeout_of(config), options=options)


SENDER = WebhookSender()
