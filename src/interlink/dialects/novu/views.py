"""How integrations and errors look to a Novu client: ``{"data": …}`` and Nest's error body."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from interlink.core.timeutil import iso, utcnow
from interlink.dialects.base import Failure
from interlink.services.integration_view import IntegrationView

PRIMARY_CHANNELS = ("email", "sms")
_ERROR_NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
_IDEMPOTENCY_HEADER = "Idempotency-Key"


def integration(record: IntegrationView, provider_id: str) -> dict[str, Any]:
    """Novu's IntegrationResponseDto; API-key callers never see credentials, so they are always ``{}``."""
    with_primary = record.channel in PRIMARY_CHANNELS
    out: dict[str, Any] = {
        "_id": record.id,
        "_environmentId": record.environment_id,
        "_organizationId": record.organization_id,
        "name": record.name,
        "identifier": record.identifier,
        "providerId": provider_id,
        "channel": record.channel,
        "credentials": {},
        "active": record.active,
        "deleted": record.deleted,
        "primary": record.is_primary and with_primary,
        "priority": record.priority if with_primary else 0,
        "conditions": record.conditions,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }
    if record.deleted:
        out["deletedAt"] = iso(record.deleted_at)
        out["deletedBy"] = record.deleted_by
    return out


def _reused_key(failure: Failure) -> str | None:
    """The message when an Idempotency-Key came back with another body (Novu keeps that one a 422)."""
    return next(
        (e.message for e in failure.errors if e.path == _IDEMPOTENCY_HEADER and e.message.startswith("Request with")),
        None,
    )


def render_error(request: Request, failure: Failure) -> Response:
    """``{statusCode, timestamp, path, message, error}``; validation messages are a list, as Nest sends them."""
    status = failure.status
    message: str | list[str] = failure.detail
    headers = dict(failure.headers)
    extra: dict[str, Any] = {}
    key = request.headers.get("idempotency-key")
    reused = _reused_key(failure)
    if failure.from_router and status in (404, 405):
        message = f"Cannot {request.method} {request.url.path}"  # Nest's words; 405 keeps its Allow
    elif reused is not None:
        status, message = 422, reused
        extra["errors"] = {_IDEMPOTENCY_HEADER: {"messages": [reused]}}
    elif status in (400, 422):
        status = 400
        if failure.errors:
            message = [f"{e.path} {e.message}" for e in failure.errors]
    if key and (reused is not None or (status == 409 and "Retry-After" in headers)):
        headers[_IDEMPOTENCY_HEADER] = key
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = {
        "statusCode": status,
        "timestamp": iso(utcnow()),
        "path": path,
        "message": message,
        "error": _ERROR_NAMES.get(status, "Error"),
        **extra,
    }
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)
