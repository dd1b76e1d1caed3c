"""Real HTTP receivers on 127.0.0.1 for outbound tests: they record every request and answer as scripted.

Besides the scriptable ``Receiver`` this holds the checks a real endpoint makes (Basic and Digest
credentials) and the few API calls the delivery tests share (create a webhook, wait for a status).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web


@dataclass
class Received:
    """One request as the receiver saw it, with the monotonic time it arrived."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = 0.0

    def json(self) -> Any:
        import orjson

        return orjson.loads(self.body)


Reply = Callable[[web.Request, Received], Awaitable[web.StreamResponse]]


async def ok(_request: web.Request, _seen: Received) -> web.StreamResponse:
    return web.json_response({"ok": True})


@dataclass
class Receiver:
    """An aiohttp server; ``replies`` are used in order, then ``default`` answers every further request."""

    default: Reply = ok
    replies: list[Reply] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        seen = Received(request.method, request.path_qs, dict(request.headers), await request.read(), time.monotonic())
        self.received.append(seen)
        self.arrived.set()
        reply = self.replies.pop(0) if self.replies else self.default
        return await reply(request, seen)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> Receiver:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Receiver:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait until at least ``count`` requests arrived."""
        async with asyncio.timeout(timeout):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.received


def status(code: int, headers: dict[str, str] | None = None, body: str = "") -> Reply:
    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.Response(status=code, headers=headers or {}, text=body)

    return reply


def hang(seconds: float) -> Reply:
    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.json_response({"late": True})

    return reply


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released), so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Credentials a real endpoint checks.


def basic(username: str, password: str) -> Reply:
    """Answer 200 to the right ``Authorization: Basic`` credentials, 401 to anything else."""
    wanted = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()

    async def reply(_request: web.Request, seen: Received) -> web.StreamResponse:
        if seen.headers.get("Authorization") != wanted:
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="hooks"'})
        return web.json_response({"ok": True})

    return reply


_PAIR = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]*))')


@dataclass
class DigestGuard:
    """RFC 7616 Digest (MD5, qop=auth) as a server checks it: challenge, then recompute the response hash."""

    username: str
    password: str
    realm: str = "hooks@interlink.test"
    nonces: set[str] = field(default_factory=set)
    challenges: int = 0
    accepted: list[dict[str, str]] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @staticmethod
    def _md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()  # Digest's MD5 is what is under test

    def _challenge(self, stale: bool = False) -> web.Response:
        nonce = secrets.token_hex(16)
        self.nonces.add(nonce)
        self.challenges += 1
        header = f'Digest realm="{self.realm}", nonce="{nonce}", qop="auth", algorithm=MD5'
        return web.Response(status=401, headers={"WWW-Authenticate": header + (", stale=true" if stale else "")})

    def check(self, method: str, header: str | None) -> str | None:
        """Why the ``Authorization`` header is not valid Digest for these credentials, or None."""
        if not header or not header.startswith("Digest "):
            return "no Digest credentials"
        parts = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _PAIR.finditer(header[7:])}
        for name in ("username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce"):
            if not parts.get(name):
                return f"{name} is missing"
        if parts["username"] != self.username or parts["realm"] != self.realm:
            return "wrong user or realm"
        if parts["nonce"] not in self.nonces:
            return "unknown nonce"
        if parts["qop"] != "auth":
            return "qop must be auth"
        ha1 = self._md5(f"{self.username}:{self.realm}:{self.password}")
        ha2 = self._md5(f"{method}:{parts['uri']}")
        expected = self._md5(f"{ha1}:{parts['nonce']}:{parts['nc']}:{parts['cnonce']}:auth:{ha2}")
        if expected != parts["response"]:
            return "wrong response hash"
        self.accepted.append(parts)
        return None

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        problem = self.check(request.method, seen.headers.get("Authorization"))
        if problem is None:
            return web.json_response({"ok": True})
        if seen.headers.get("Authorization"):
            self.rejected.append(problem)
        return self._challenge()


# API calls the delivery tests share.


async def create_webhook(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    url: str,
    *,
    name: str = "hook",
    properties: dict[str, Any] | None = None,
    credentials: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Create a webhook integration pointing at ``url`` and return it."""
    body = {"name": name, "type": "webhook", "properties": {"url": url, **(properties or {})}, **fields}
    if credentials:
        body["credentials"] = credentials
    created = await client.post("/v2/integrations", headers=headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def send(client: httpx.AsyncClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    """Send a webhook-channel message (202) and return the accepted message."""
    body = {"channel": "webhook", "eventType": "order.paid", "payload": {"order": 42}, **fields}
    sent = await client.post("/v2/messages", headers=headers, json=body)
    assert sent.status_code == 202, sent.text
    return sent.json()


async def wait_status(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    message_id: str,
    wanted: str,
    timeout: float = 10.0,
) -> dict[str, Any]:
    """Poll the message until it has status ``wanted``; returns it with its attempts."""
    got: dict[str, Any] = {}
    try:
        async with asyncio.timeout(timeout):
            while True:
                got = (await client.get(f"/v2/messages/{message_id}", headers=headers)).json()
                if got.get("status") == wanted:
                    return got
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"message never became {wanted}; last seen: {got}") from None
