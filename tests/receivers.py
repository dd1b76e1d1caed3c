"""Real HTTP receivers on 127.0.0.1 for outbound tests: they record every request and answer as scripted."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    """One request as the receiver saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

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
        seen = Received(request.method, request.path_qs, dict(request.headers), await request.read())
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
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

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
