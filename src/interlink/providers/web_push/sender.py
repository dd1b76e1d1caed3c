"""Web Push (RFC 8030): the payload encrypted with aes128gcm (RFC 8291), authorised with a VAPID JWT (RFC 8292)."""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import http_ece
import jwt
import orjson
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from interlink.sdk import Answer, CannotSend, HttpSender, Misconfigured, OutboundMessage, Request, SendResult
from interlink.sdk.http import one_line

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


class WebPushSender(HttpSender):
    """One encrypted POST to the subscription's endpoint per message."""

    service = "the push service"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        subscription = message.recipient.get("subscription")
        endpoint = str(subscription.get("endpoint") or "") if isinstance(subscription, Mapping) else ""
        if not endpoint or not isinstance(subscription, Mapping):
            raise CannotSend("the message has no Web Push subscription (with an endpoint) as recipient")
        payload = payload_of(message)
        if len(payload) > MAX_PLAINTEXT:
            raise CannotSend(f"the notification is {len(payload)} bytes; Web Push carries at most {MAX_PLAINTEXT}")
        try:
            key = vapid_key(config)
        except ValueError as exc:
            raise Misconfigured(str(exc)) from None
        try:
            body = encrypt(payload, subscription)
        except ValueError as exc:
            raise CannotSend(f"cannot encrypt for this subscription: {exc}") from None
        headers = {
            "Authorization": vapid_header(endpoint, key, subject_of(config), time.time()),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(int(config.get("ttl") or 86400)),
        }
        if config.get("urgency") in URGENCIES:
            headers["Urgency"] = str(config["urgency"])
        return Request(endpoint, headers=headers, data=body)

    def message_id(self, answer: Answer) -> str | None:
        return answer.headers.get("Location") or None

    def problem(self, answer: Answer) -> str:
        if answer.status in GONE:
            return "the push subscription has expired or was removed"
        if answer.status == 413:
            return "the push service refused the payload as too large"
        return one_line(answer.text)[:200]

    def read(self, answer: Answer) -> SendResult:
        result = super().read(answer)
        return replace(result, gone=True) if answer.status in GONE else result


SENDER = WebPushSender()
