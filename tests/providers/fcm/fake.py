"""A local Google token endpoint and FCM HTTP v1 API: the JWT grant checked with the key's public half, then send."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import orjson
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from interlink.sdk.testing import fixtures
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = "interlink-test"
EMAIL = "sender@interlink-test.iam.gserviceaccount.com"


BOOK = fixtures(Path(__file__).parent)


def documented(name: str) -> Reply:
    return BOOK.reply(name)


class FakeGoogle:
    """``POST /token`` (JWT bearer grant) and ``POST /v1/projects/{p}/messages:send`` on one local server."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.issued: list[str] = []
        self.sent: list[dict[str, Any]] = []
        self.gone: set[str] = set()
        self.refused: list[str] = []

    def service_account(self, base: str) -> str:
        """A key file shaped like the one the Google Cloud console downloads, its token URI pointing here."""
        pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return orjson.dumps(
            {
                "type": "service_account",
                "project_id": PROJECT,
                "private_key_id": "0123456789abcdef",
                "private_key": pem,
                "client_email": EMAIL,
                "client_id": "100000000000000000000",
                "token_uri": f"{base}/token",
            }
        ).decode()

    def grant_problem(self, seen: Received) -> str | None:
        form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return "grant_type"
        try:
            claims = jwt.decode(
                form.get("assertion", ""), self.key.public_key(), algorithms=["RS256"], options={"verify_aud": False}
            )
        except jwt.PyJWTError as exc:
            return f"assertion: {exc}"
        if claims.get("iss") != EMAIL or "firebase.messaging" not in claims.get("scope", ""):
            return "iss or scope"
        return None

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.path == "/token":
            why = self.grant_problem(seen)
            if why:
                self.refused.append(why)
                return await documented("token__invalid_grant")(request, seen)
            token = "ya29." + secrets.token_urlsafe(24)
            self.issued.append(token)
            return web.json_response({"access_token": token, "expires_in": 3599, "token_type": "Bearer"})
        if request.path != f"/v1/projects/{PROJECT}/messages:send":
            return web.json_response(
                {"error": {"code": 404, "status": "NOT_FOUND", "message": "Not found"}}, status=404
            )
        auth = seen.headers.get("Authorization", "")
        if not self.issued or auth != f"Bearer {self.issued[-1]}":
            return web.json_response(
                {
                    "error": {
                        "code": 401,
                        "message": "Request had invalid authentication credentials.",
                        "status": "UNAUTHENTICATED",
                    }
                },
                status=401,
            )
        message = seen.json().get("message", {})
        if not message.get("token") or not all(isinstance(v, str) for v in message.get("data", {}).values()):
            return await documented("send__invalid_argument")(request, seen)
        if message["token"] in self.gone:
            return await documented("send__unregistered")(request, seen)
        self.sent.append(message)
        if len(self.sent) == 1:
            return await BOOK.reply("send__ok")(request, seen)
        return web.json_response({"name": f"projects/{PROJECT}/messages/0:{len(self.sent)}"})

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
