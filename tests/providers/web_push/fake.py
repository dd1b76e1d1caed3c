"""A local push service as RFC 8030/8291/8292 describe it: checks the VAPID JWT, decrypts with the browser's key."""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
import orjson
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.receivers import Received, Receiver, Reply


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


@dataclass
class VapidPair:
    """An application server's VAPID key pair as the integration holds it."""

    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))

    @property
    def public(self) -> str:
        return b64url(public_bytes(self.key))

    @property
    def private(self) -> str:
        return b64url(self.key.private_numbers().private_value.to_bytes(32, "big"))


@dataclass
class Browser:
    """A subscribed browser: its ECDH key pair and auth secret, and the subscription it hands the app."""

    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: secrets.token_bytes(16))

    def subscription(self, endpoint: str) -> dict[str, Any]:
        return {"endpoint": endpoint, "keys": {"p256dh": b64url(public_bytes(self.key)), "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")


class FakePushService:
    """Refuses what a push service refuses (no VAPID, bad JWT, wrong audience, missing TTL), else 201 + Location."""

    def __init__(self, vapid_public: str, browser: Browser, gone: set[str] | None = None) -> None:
        self.vapid_public, self.browser = vapid_public, browser
        self.gone = gone or set()
        self.claims: list[dict[str, Any]] = []
        self.payloads: list[dict[str, Any]] = []
        self.refused: list[str] = []

    def problem(self, request: web.Request, seen: Received) -> str | None:
        auth = seen.headers.get("Authorization", "")
        if not auth.startswith("vapid "):
            return "no VAPID authorization"
        parts = dict(p.strip().split("=", 1) for p in auth[len("vapid ") :].split(","))
        if parts.get("k") != self.vapid_public:
            return "k is not the subscription's application server key"
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
        origin = f"{request.scheme}://{request.host}"
        try:
            claims = jwt.decode(parts.get("t", ""), key, algorithms=["ES256"], audience=origin)
        except jwt.PyJWTError as exc:
            return f"bad JWT: {exc}"
        if not 0 < claims["exp"] - time.time() <= 24 * 3600:
            return "exp must be within 24 hours"
        if seen.headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in seen.headers:
            return "Content-Encoding aes128gcm and TTL are required"
        self.claims.append(claims)
        self.payloads.append(orjson.loads(self.browser.decrypt(seen.body)))
        return None

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.path in self.gone:
            return web.Response(status=410, text="push subscription has unsubscribed or expired.")
        why = self.problem(request, seen)
        if why:
            self.refused.append(why)
            return web.Response(status=401 if "VAPID" in why or "JWT" in why else 400, text=why)
        return web.Response(status=201, headers={"Location": f"{request.path}/messages/m-{len(self.payloads)}"})

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
