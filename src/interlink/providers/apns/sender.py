"""APNs with token authentication: an ES256 provider token reused for up to an hour, sent over HTTP/2."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping
from typing import Any

import httpx
import jwt
import orjson

from interlink.providers.apns.client import Http2Pool
from interlink.sdk import OutboundMessage, SendResult, Transport, classify_http

PRODUCTION = "https://api.push.apple.com"
SANDBOX = "https://api.sandbox.push.apple.com"
TOKEN_LIFETIME = 50 * 60  # Apple refuses tokens older than an hour and throttles refreshes under 20 minutes
GONE = {"Unregistered", "BadDeviceToken"}
REFRESH = {"ExpiredProviderToken"}
HEX = re.compile(r"^[0-9a-fA-F]{16,200}$")
MAX_PAYLOAD = 4096


class ProviderTokens:
    """Provider tokens per key, team and signing key, replaced after ``TOKEN_LIFETIME`` or when Apple refuses one."""

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[str, float]] = {}

    @staticmethod
    def _key(config: Mapping[str, Any]) -> str:
        material = f"{config.get('keyId')}|{config.get('teamId')}|{config.get('privateKey')}"
        return hashlib.sha256(material.encode()).hexdigest()

    def get(self, config: Mapping[str, Any], now: float) -> str:
        """The current token; ValueError when the key cannot sign."""
        key = self._key(config)
        cached = self._tokens.get(key)
        if cached and now - cached[1] < TOKEN_LIFETIME:
            return cached[0]
        headers = {"alg": "ES256", "kid": str(config.get("keyId") or "")}
        try:
            token = jwt.encode(
                {"iss": str(config.get("teamId") or ""), "iat": int(now)},
                str(config.get("privateKey") or ""),
                algorithm="ES256",
                headers=headers,
            )
        except (jwt.PyJWTError, TypeError) as exc:
            raise ValueError("the auth key (.p8) cannot sign ES256 tokens") from exc
        self._tokens[key] = (token, now)
        return token

    def forget(self, config: Mapping[str, Any]) -> None:
        self._tokens.pop(self._key(config), None)


def origin_of(config: Mapping[str, Any]) -> str:
    if config.get("baseUrl"):
        return str(config["baseUrl"]).rstrip("/")
    return PRODUCTION if config.get("production") else SANDBOX


def body_of(message: OutboundMessage) -> bytes:
    """The ``aps`` alert with the message's metadata beside it as custom keys."""
    alert = {k: v for k, v in (("title", message.subject), ("body", message.text)) if v}
    payload: dict[str, Any] = {str(k): v for k, v in (message.metadata or {}).items() if k != "aps"}
    payload["aps"] = {"alert": alert, "sound": "default"}
    return orjson.dumps(payload)


def result_of(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """200 delivered with ``apns-id``; ``reason`` says why not: gone tokens, stale provider tokens, throttling."""
    if status == 200:
        return SendResult.delivered(status, provider_message_id=headers.get("apns-id") or None)
    try:
        reason = str(orjson.loads(text).get("reason") or "")
    except (orjson.JSONDecodeError, AttributeError):
        reason = ""
    detail = f"APNs {status} {reason}".strip()
    if reason in GONE or status == 410:
        return SendResult.failed(detail, status, gone=True)
    if reason in REFRESH:
        return SendResult.retry(detail, status)
    result = classify_http(status, headers.get("Retry-After"))
    return SendResult(result.outcome, status, detail, result.retry_after)


class ApnsSender:
    """One HTTP/2 POST to ``/3/device/<token>`` per message."""

    def __init__(self) -> None:
        self.pool = Http2Pool()
        self.tokens = ProviderTokens()

    async def aclose(self) -> None:
        await self.pool.aclose()

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        device = message.recipient.get("token")
        if not isinstance(device, str) or not HEX.match(device):
            return SendResult.failed("the message has no APNs device token (hexadecimal) as recipient")
        topic = str(config.get("bundleId") or "")
        if not topic:
            return SendResult.failed("the integration is misconfigured: the bundle ID (apns-topic) is required")
        body = body_of(message)
        if len(body) > MAX_PAYLOAD:
            return SendResult.failed(f"the notification is {len(body)} bytes; APNs carries at most {MAX_PAYLOAD}")
        url = f"{origin_of(config)}/3/device/{device}"
        refused = await self.pool.refused(url, transport)
        if refused:
            return SendResult.failed(refused)
        try:
            token = self.tokens.get(config, time.time())
        except ValueError as exc:
            return SendResult.failed(f"the integration is misconfigured: {exc}")
        headers = {
            "authorization": f"bearer {token}",
            "apns-topic": topic,
            "apns-push-type": "alert",
            "apns-priority": "10",
        }
        try:
            response = await self.pool.client(origin_of(config), transport.timeout).post(
                url, content=body, headers=headers
            )
        except httpx.TimeoutException:
            return SendResult.retry(f"APNs did not answer within {transport.timeout:g} s")
        except httpx.HTTPError as exc:
            return SendResult.retry(f"the connection to APNs failed: {type(exc).__name__}")
        result = result_of(response.status_code, response.headers, response.text[:4096])
        if result.status_code == 403:
            self.tokens.forget(config)
        return result


SENDER = ApnsSender()
