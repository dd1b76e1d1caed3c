"""RFC 9457 ``application/problem+json`` for every error of the native API; never a stack trace."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from interlink.core.errors import FieldError, InterlinkError
from interlink.core.tracing import current_trace_id

PROBLEM = "application/problem+json"


def problem(
    status: int,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
) -> Response:
    """Render one problem document; ``errors`` lists the failing field paths."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [{"path": e.path, "message": e.message} for e in errors]
    trace_id = current_trace_id()
    if trace_id:
        body["traceId"] = trace_id
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM, headers=headers)


_NOT_AN_OBJECT = {"model_attributes_type", "model_type", "dict_type"}


def _loc(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a field path; only the leading location name (body, query, …) is dropped."""
    parts = [str(p) for p in (loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc)]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def field_errors(errors: list[Any], prefixed: bool = True) -> list[FieldError]:
    """Pydantic errors as field paths; ``prefixed`` locations start with where the value came from (body, query…)."""
    found = []
    for e in errors:
        loc = tuple(e.get("loc", ()))
        message = e.get("msg", "is invalid")
        if e.get("type") == "extra_forbidden":
            message = "is not a known field"
        elif loc in (("body",), ()) and e.get("type") in _NOT_AN_OBJECT:
            message = "must be a JSON object (send it with Content-Type: application/json)"
        found.append(FieldError(_loc(loc if prefixed else ("body", *loc)), message))
    return found


def validation_errors(exc: RequestValidationError) -> tuple[int, list[FieldError]]:
    """Translate pydantic errors into field paths; malformed JSON is a 400, the rest 422."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, [FieldError("body", "is not valid JSON")]
    return 422, field_errors(list(errors))


def render(request: Request, exc: Exception) -> Response:
    """A problem document for an error raised outside a route (middleware); anything unknown is a 500."""
    if isinstance(exc, InterlinkError):
        return problem(exc.status, exc.title, exc.detail, exc.errors, exc.headers, request.url.path)
    return problem(500, "Internal Server Error", "Something went wrong", instance=request.url.path)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""

    @app.exception_handler(InterlinkError)
    async def _interlink(request: Request, exc: InterlinkError) -> Response:
        return problem(exc.status, exc.title, exc.detail, exc.errors, exc.headers, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        status, errors = validation_errors(exc)
        title = "Bad Request" if status == 400 else "Unprocessable Content"
        detail = "The body is not valid JSON" if status == 400 else "The request is invalid"
        return problem(status, title, detail, errors, instance=request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "Not Found", 405: "Method Not Allowed"}
        return problem(
            exc.status_code,
            titles.get(exc.status_code, "Error"),
            str(exc.detail),
            headers=getattr(exc, "headers", None),
            instance=request.url.path,
        )
