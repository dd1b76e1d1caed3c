"""Pure ASGI middleware: every JSON body of every face is checked once, before any route parses it.

Malformed JSON, invalid UTF-8, nesting deeper than ``jsonsafe.MAX_DEPTH`` and numbers that cannot be
stored are refused with the face's own 4xx naming the field, so no route ever sees them and no stored
record can later break a response.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from interlink.core import jsonsafe
from interlink.core.errors import BadRequest, FieldError, InterlinkError, Unprocessable

Render = Callable[[Request, Exception], Awaitable[Response]]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_json(content_type: str | None) -> bool:
    """Whether a body of this type is read as JSON (a missing type is, when the body looks like JSON)."""
    if not content_type:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def body_error(raw: bytes) -> InterlinkError | None:
    """The error a JSON body earns, or None when it may be read."""
    if not raw.strip():
        return None
    found = jsonsafe.parse_problem(raw)
    if found is None:
        return None
    status, path, message = found
    if status == 400:
        return BadRequest("The body is not valid JSON", [FieldError(path, message)])
    return Unprocessable(f"{path}: {message}", [FieldError(path, message)])


class JsonGuardMiddleware:
    """Check JSON bodies; ``render`` answers a refusal in the shape of the face that owns the path."""

    def __init__(self, app: Any, render: Render) -> None:
        self.app = app
        self.render = render

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        content_type = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1")
        if not is_json(content_type):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replaying(b"".join(chunks), receive, message), send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        declared = bool(content_type)
        error = body_error(body) if declared or body.lstrip()[:1] in (b"{", b"[") else None
        replay = _replaying(body, receive)
        if error is not None:
            response = await self.render(Request(scope, replay), error)
            await response(scope, replay, send)
            return
        await self.app(scope, replay, send)


def _replaying(body: bytes, receive: Any, last: dict[str, Any] | None = None) -> Callable[[], Awaitable[Any]]:
    """A ``receive`` that hands the app the body read so far (then ``last``, if any), then the real channel."""
    pending: list[dict[str, Any]] = [{"type": "http.request", "body": body, "more_body": False}]
    if last is not None:
        pending = [{"type": "http.request", "body": body, "more_body": True}, last]

    async def replay() -> Any:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
