"""A local APNs: HTTP/2 over TLS (hypercorn, a certificate made here), checking the provider token as Apple does."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import orjson
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypercorn.asyncio import serve
from hypercorn.config import Config

from interlink.providers.apns.sender import ApnsSender

KEY_ID = "ABC123DEFG"
TEAM_ID = "DEF123GHIJ"
BUNDLE = "com.example.app"
Scope = dict[str, Any]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, written as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "apns-cert.pem", folder / "apns-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def auth_key() -> tuple[str, ec.EllipticCurvePublicKey]:
    """A .p8 auth key as Apple hands it out (PKCS#8 PEM) and its public half."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem.decode(), key.public_key()


@dataclass
class Pushed:
    http_version: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeApns:
    """``POST /3/device/<token>``: 403 without a valid provider token, 410 for gone tokens, else 200 + apns-id."""

    public_key: ec.EllipticCurvePublicKey
    gone: set[str] = field(default_factory=set)
    received: list[Pushed] = field(default_factory=list)
    tokens_seen: list[str] = field(default_factory=list)
    port: int = 0
    fixed: tuple[int, dict[str, Any]] | None = None  # answer every request so (status, JSON body)
    delay: float = 0.0  # wait this long before answering
    echo: bool = False  # answer 400 repeating the request's headers (a secret sent would come back)
    cookie: bytes = b""  # a Set-Cookie header on every successful answer
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def why_not(self, headers: dict[str, str]) -> tuple[int, str] | None:
        auth = headers.get("authorization", "")
        if not auth.startswith("bearer "):
            return 403, "MissingProviderToken"
        token = auth[len("bearer ") :]
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, self.public_key, algorithms=["ES256"])
        except jwt.PyJWTError:
            return 403, "InvalidProviderToken"
        if header.get("kid") != KEY_ID or claims.get("iss") != TEAM_ID:
            return 403, "InvalidProviderToken"
        if time.time() - claims.get("iat", 0) > 3600:
            return 403, "ExpiredProviderToken"
        self.tokens_seen.append(token)
        if headers.get("apns-topic") != BUNDLE:
            return 400, "BadTopic"
        return None

    async def app(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            event = await receive()
            body += event.get("body", b"")
            if not event.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        device = scope["path"].removeprefix("/3/device/")
        self.received.append(Pushed(scope["http_version"], scope["path"], headers, orjson.loads(body or b"{}")))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.echo:
            text = "\n".join(f"{k}: {v}" for k, v in headers.items()).encode()
            await send({"type": "http.response.start", "status": 400, "headers": []})
            await send({"type": "http.response.body", "body": text})
            return
        if self.fixed is not None:
            code, answer_body = self.fixed
            await send({"type": "http.response.start", "status": code, "headers": [(b"apns-id", b"E-2")]})
            await send({"type": "http.response.body", "body": orjson.dumps(answer_body)})
            return
        problem = self.why_not(headers)
        if problem is None and device in self.gone:
            problem = (410, "Unregistered")
        if problem is not None:
            code, reason = problem
            answer = {"reason": reason, **({"timestamp": 1700000000000} if code == 410 else {})}
            await send({"type": "http.response.start", "status": code, "headers": [(b"apns-id", b"E-1")]})
            await send({"type": "http.response.body", "body": orjson.dumps(answer)})
            return
        apns_id = f"00000000-0000-4000-8000-{len(self.received):012d}".encode()
        answer_headers = [(b"apns-id", apns_id), *([(b"set-cookie", self.cookie)] if self.cookie else [])]
        await send({"type": "http.response.start", "status": 200, "headers": answer_headers})
        await send({"type": "http.response.body", "body": b""})

    async def start(self, folder: Path) -> FakeApns:
        cert_file, key_file = self_signed(folder)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = Config()
        config.bind = [f"127.0.0.1:{self.port}"]
        config.certfile, config.keyfile = str(cert_file), str(key_file)
        config.accesslog = config.errorlog = None
        config.graceful_timeout = 0.2
        self._task = asyncio.create_task(serve(self.app, config, shutdown_trigger=self._stop.wait))  # type: ignore[arg-type]
        async with asyncio.timeout(10):
            while True:
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                except OSError:
                    await asyncio.sleep(0.05)
                    continue
                writer.close()
                return self

    async def stop(self, *senders: ApnsSender) -> None:
        """Stop serving, closing the senders' pooled connections first: TLS shutdown otherwise waits 30 s for them."""
        for sender in senders:
            await sender.aclose()
        self._stop.set()
        if self._task is not None:
            await self._task
