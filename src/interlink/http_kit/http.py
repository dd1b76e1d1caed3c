"""Small HTTP helpers shared by every face: a fast JSON response that never fails, and reading a JSON body."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from starlette.responses import JSONResponse

from interlink.core import jsonsafe
from interlink.core.errors import BadRequest, FieldError, Unprocessable, invalid


class FastJSON(JSONResponse):
    """JSON rendered by orjson; a stored value orjson cannot render is shown sanitized, never a 500."""

    def render(self, content: Any) -> bytes:
        return jsonsafe.dumps(content)


async def json_body(request: Request) -> Any:
    """Read the body as JSON, or raise 400 naming the problem; an empty body reads as None."""
    raw = await request.body()
    if not raw.strip():
        return None
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise BadRequest("The body must be JSON (Content-Type: application/json)")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("The body is not valid JSON", [FieldError("body", str(exc))]) from exc


async def json_object(request: Request) -> dict[str, Any]:
    """Read the body as a JSON object, or raise 400/422."""
    body = await json_body(request)
    if body is None:
        raise BadRequest("A JSON object body is required")
    if not isinstance(body, dict):
        raise invalid("body", "must be a JSON object")
    return body


async def refuse_nul(request: Request) -> None:
    """App-wide dependency: PostgreSQL cannot store or compare U+0000 in text or JSON, so no input may carry one.

    JSON can only carry it escaped; checking the raw body once here covers every field of every face.
    Query and path parameters are checked by name.
    """
    found = [
        FieldError(name, "contains the NUL character")
        for name, value in [*request.query_params.multi_items(), *request.path_params.items()]
        if "\x00" in name or "\x00" in str(value)
    ]
    if found:
        raise Unprocessable("Parameters may not contain the NUL character", found)
    if request.method in {"POST", "PUT", "PATCH"} and b"\\u0000" in await request.body():
        raise Unprocessable(
            "Strings may not contain the NUL character (\\u0000)", [FieldError("body", "contains the NUL character")]
        )
