"""How ``interlink serve`` runs uvicorn: idle and header deadlines, so slow or silent clients cannot hold sockets."""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

KEEP_ALIVE_SECONDS = 5.0  # an idle keep-alive connection is closed after this long
HEADER_SECONDS = 10.0  # a connection must deliver a request's headers within this long of starting it


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing a connection whose request headers take longer than ``HEADER_SECONDS``.

    uvicorn times out idle keep-alive connections but not a client that dribbles its headers a byte at a
    time (slow-loris) or connects and says nothing; this adds that deadline. Slow bodies are bounded by
    ``BodyLimitMiddleware``.
    """

    header_seconds = HEADER_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_seconds, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()


def config(
    app: Any, *, host: str, port: int, log_level: str = "info", header_seconds: float = HEADER_SECONDS, **extra: Any
) -> uvicorn.Config:
    """The uvicorn configuration every Interlink server uses."""
    protocol = type("DeadlineProtocol", (DeadlineProtocol,), {"header_seconds": header_seconds})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        http=protocol,
        timeout_keep_alive=int(KEEP_ALIVE_SECONDS),
        limit_concurrency=extra.pop("limit_concurrency", 2048),
        **extra,
    )
