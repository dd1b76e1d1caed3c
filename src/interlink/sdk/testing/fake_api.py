"""A local stand-in for a provider's HTTP API on 127.0.0.1: it records each request and answers as scripted."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import orjson
from aiohttp import web

from interlink.sdk.testing.fixtures import Reply


@dataclass
class Recorded:
    """One request as the fake saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)


class FakeApi:
    """Answers with ``replies`` in order, then with ``default`` (404 when there is none)."""

    def __init__(self, *replies: Reply, default: Reply | None = None) -> None:
        self.replies = list(replies)
        self.default = default
        self.received: list[Recorded] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        seen = Recorded(request.method, request.path_qs, dict(request.headers), await request.read())
        self.received.append(seen)
        reply = self.replies.pop(0) if self.replies else self.default
        if reply is None:
            return web.Response(status=404, text="no answer scripted")
        return await reply(request, seen)

    async def __aenter__(self) -> FakeApi:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def hang(seconds: float) -> Reply:
    """An answer that comes too late (the sender's timeout should fire first)."""

    async def answer(_request: web.Request, _seen: Any) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.Response(status=200)

    return answer


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
