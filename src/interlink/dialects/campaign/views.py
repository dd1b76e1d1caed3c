"""How integrations and errors look on the campaign face: ``{"result": {data, message, status}}``."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from interlink.core.timeutil import iso
from interlink.dialects.base import Failure
from interlink.dialects.campaign import fields, messages
from interlink.sdk import Manifest
from interlink.services.integration_view import IntegrationView


def integration(record: IntegrationView, type_name: str, manifest: Manifest) -> dict[str, Any]:
    """The campaign platform's Integration Object; ``apiKey``, ``apiSecret`` and ``vapidPrivateKey`` are write-only."""
    return {
        "id": record.id,
        "name": record.name,
        "type": type_name,
        "channel": record.channel.upper(),
        "isActive": record.active,
        **fields.sender_fields(manifest, record.properties),
        "workspaceId": record.environment_id,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


def envelope(data: Any, message: str, status: int, total: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"data": data, "message": message, "status": status}
    if total is not None:
        result["totalCount"] = total
    return {"result": result}


def locale_of(request: Request) -> str:
    """The ``{locale}`` segment the face's paths start with."""
    return request.url.path.split("/", 2)[1] if request.url.path.count("/") >= 2 else "en"


def render_error(request: Request, failure: Failure) -> Response:
    """Errors in the same envelope: a localized message, the status, and the failing fields."""
    status = 400 if failure.status == 422 else failure.status
    result = envelope(None, messages.for_status(locale_of(request), status), status)
    if failure.errors:
        result["result"]["errors"] = [{"field": e.path, "message": e.message} for e in failure.errors]
    headers = dict(failure.headers)
    return Response(orjson.dumps(result), status_code=status, media_type="application/json", headers=headers)
