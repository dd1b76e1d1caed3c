"""Pure ASGI middleware: trace ids, body size limits and one access-log line per request."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson

from interlink.core import logs
from interlink.core.tracing import from_traceparent, new_trace_id, reset_trace_id, set_trace_id

log = logging.getLogger("interlink.http")

Scope = dict[str, Any]


class TraceMiddleware:
    """Give every request a trace id (continuing a valid ``traceparent``) and return it as ``X-Trace-Id``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        trace_id = from_traceparent(headers.get(b"traceparent", b"").decode("latin-1")) or new_trace_id()
        token = set_trace_id(trace_id)
        started = time.perf_counter()
        status = 500
        started_response = False

        async def send_with_trace(message: dict[str, Any]) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                message["headers"] = [*message.get("headers", []), (b"x-trace-id", trace_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        except Exception:
            log.exception("unhandled error")
            if started_response:
                raise
            body = orjson.dumps(
                {
                    "type": "about:blank",
                    "title": "Internal Server Error",
                    "status": 500,
                    "detail": "Something went wrong; quote the trace id to your operator",
                    "traceId": trace_id,
                }
            )
            await send_with_trace(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/problem+json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
        finally:
            logs.access(scope["method"], scope["path"], status, round((time.perf_counter() - started) * 1000, 2))
            reset_trace_id(token)


class BodyLimitMiddleware:
    """Bounds request bodies while they stream in: size (413), time to arrive (408), and how many large ones at once.

    A body is read before the app sees it, so an oversize one is refused cleanly; bodies over ``LARGE`` bytes
    need one of ``max_large`` slots (else 503 with ``Retry-After``), which caps the memory slow uploads can hold.
    """

    LARGE = 64 * 1024

    def __init__(self, app: Any, limit: int, max_large: int = 16, body_seconds: float = 30.0) -> None:
        self.app = app
        self.limit = limit
        self.body_seconds = body_seconds
        self.max_large = max_large
        self._large = 0

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        declared = int(length) if length is not None and length.isdigit() else 0
        if declared > self.limit:
            await self._too_large(send)
            return
        holding = False
        try:
            if declared > self.LARGE:
                if not self._take():
                    await self._busy(send)
                    return
                holding = True
            body = bytearray()
            more = True
            deadline = time.monotonic() + self.body_seconds
            while more:
                try:
                    async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                        message = await receive()
                except TimeoutError:
                    await _problem(
                        send, 408, "Request Timeout", f"The body did not arrive within {self.body_seconds:g} s"
                    )
                    return
                if message["type"] != "http.request":
                    return  # the client went away
                body += message.get("body", b"")
                if len(body) > self.limit:
                    await self._too_large(send)
                    return
                if not holding and len(body) > self.LARGE:
                    if not self._take():
                        await self._busy(send)
                        return
                    holding = True
                more = message.get("more_body", False)
            await self.app(scope, _replay(bytes(body), receive), send)
        finally:
            if holding:
                self._large -= 1

    def _take(self) -> bool:
        if self._large >= self.max_large:
            return False
        self._large += 1
        return True

    async def _busy(self, send: Any) -> None:
        await _problem(
            send, 503, "Service Unavailable", "Too many large requests are in progress; retry shortly", retry_after=1
        )

    async def _too_large(self, send: Any) -> None:
        await _problem(send, 413, "Content Too Large", f"The request body is larger than {self.limit} bytes")


def _replay(body: bytes, receive: Any) -> Any:
    """A receive that hands the app the body read already, then defers to the server (disconnects)."""
    replayed = False

    async def replay() -> dict[str, Any]:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        message: dict[str, Any] = await receive()
        return message

    return replay


async def _problem(send: Any, status: int, title: str, detail: str, retry_after: int | None = None) -> None:
    body = orjson.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    if status in (408, 413, 503):
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
