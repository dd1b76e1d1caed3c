"""Novu's API-key guard: the same keys as ``/v2``, refused with the messages Novu clients expect."""

from __future__ import annotations

from fastapi import Request

from interlink.core.errors import Unauthorized
from interlink.http_kit.auth import hub_of, presented_key
from interlink.services import keys
from interlink.services.caller import Caller


async def novu_caller(request: Request) -> Caller:
    """FastAPI dependency: the caller an ``Authorization: ApiKey`` (or any accepted header) names."""
    header = request.headers.get("authorization", "").strip()
    if not request.headers.get("x-api-key"):
        if not header:
            raise Unauthorized("Missing authorization header")
        scheme, _, value = header.partition(" ")
        if scheme.lower() in {"apikey", "bearer"} and not value.strip():
            raise Unauthorized("Unauthorized")
    secret = presented_key(request)
    try:
        return await keys.authenticate(hub_of(request), secret)
    except Unauthorized:
        raise Unauthorized("API Key not found") from None
