"""Web Push (RFC 8030): the payload encrypted with aes128gcm (RFC 8291), authorised with a VAPID JWT (RFC 8292)."""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import http_ece
import jwt
import orjson
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from interlink.sdk import OutboundMessage, SendResult, Transport, classify_http
from interlink.sdk.http import read_capped, transport_failure

GONE = (404, 410)
MAX_PLAINTEXT = 3993  # 4096-byte record less the aes128gcm header, padding delimiter and tag
JWT_LIFETIME = 12 * 3600  # RFC 8292 caps ``exp`` at 24 hours
URGENCIES = ("very-low", "low", "normal", "high")


def b64url_decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_key(config: Mapping[str, Any]) -> ec.EllipticCurvePrivateKey:
    """The VAPID private key from its raw 32 bytes (base64url); ValueError when it is not one."""
    raw = b64url_decode(str(config.get("vapidPrivateKey") or ""))
    if len(raw) != 32:
        raise ValueError("the VAPID private key must be 32 bytes, base64url")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def subject_of(config: Mapping[str, Any]) -> str | None:
    subject = str(config.get("subject") or "").strip()
    if subject and not subject.startswith(("mailto:", "https:")):
        subject = f"mailto:{subject}" if "@" in subject else ""
    return subject or None


def vapid_header(endpoint: str, key: ec.EllipticCurvePrivateKey, subject: str | None, now: float) -> str:
    """``vapid t=<ES256 JWT>, k=<public key>`` with ``aud`` the push service's origin (RFC 8292 §2-3)."""
    parts = urlsplit(endpoint)
    claims: dict[str, Any] = {"aud": f"{parts.scheme}://{parts.netloc}", "exp": int(now) + JWT_LIFETIME}
    if subject:
        claims["sub"] = subject
    token = jwt.encode(claims, key, algorithm="ES256")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return f"vapid t={token}, k={b64url(public)}"


def payload_of(message: OutboundMessage) -> bytes:
    """What the service worker receives: title, body, the message id and the message's metadata."""
    body: dict[str, Any] = {"title": message.subject or "", "body": message.text or "", "id": message.id}
    if message.metadata:
        body["data"] = dict(message.metadata)
    return orjson.dumps(body)


def encrypt(payload: bytes, subscription: Mapping[str, Any]) -> bytes:
    """One aes128gcm record for the subscription's ``p256dh`` key and ``auth`` secret, from a fresh ECDH key."""
    keys = subscription.get("keys") or {}
    receiver = b64url_decode(str(keys.get("p256dh") or ""))
    auth = b64url_decode(str(keys.get("auth") or ""))
    if len(receiver) != 65 or len(auth) != 16:
        raise ValueError("the subscription's keys must be a 65-byte p256dh and a 16-byte auth secret")
    sender = ec.generate_private_key(ec.SECP256R1())
    encrypted: bytes = http_ece.encrypt(payload, private_key=sender, dh=receiver, auth_secret=auth, version="aes128gcm")
    return encrypted


def result_of(status: int, headers: Mapping[str, str], text: str) -> SendResult:
    """201 delivered (``Location`` names the message); 404/410 the subscription is gone; 429/5xx retry."""
    result = classify_http(status, headers.get("Retry-After"), text)
    if 200 <= status < 300:
        return SendResult.delivered(status, provider_message_id=headers.get("Location") or None)
    if status in GONE:
        return SendResult.failed(f"HTTP {status}: the push subscription has expired or was removed", status, gone=True)
    if status == 413:
        return SendResult.failed("HTTP 413: the push service refused the payload as too large", status)
    return result


class WebPushSender:
    """One encrypted POST to the subscription's endpoint per message."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        subscription = message.recipient.get("subscription")
        endpoint = str(subscription.get("endpoint") or "") if isinstance(subscription, Mapping) else ""
        if not endpoint:
            return SendResult.failed("the message has no Web Push subscription (with an endpoint) as recipient")
        refused = transport.check_url(endpoint)
        if refused:
            return SendResult.failed(refused)
        payload = payload_of(message)
        if len(payload) > MAX_PLAINTEXT:
            return SendResult.failed(
                f"the notification is {len(payload)} bytes; Web Push carries at most {MAX_PLAINTEXT}"
            )
        try:
            key = vapid_key(config)
            body = encrypt(payload, subscription)  # type: ignore[arg-type]
        except ValueError as exc:
            return SendResult.failed(f"cannot encrypt for this subscription: {exc}")
        headers = {
            "Authorization": vapid_header(endpoint, key, subject_of(config), time.time()),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(int(config.get("ttl") or 86400)),
        }
        if config.get("urgency") in URGENCIES:
            headers["Urgency"] = str(config["urgency"])
        try:
            async with transport.http.post(
                endpoint,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=transport.timeout),
                allow_redirects=False,
            ) as response:
                return result_of(response.status, response.headers, await read_capped(response))
        except (TimeoutError, aiohttp.ClientError) as exc:
            return transport_failure(exc, transport.timeout, "the push service")


SENDER = WebPushSender()
