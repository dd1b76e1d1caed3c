"""Finds the API key in a request: ``X-Api-Key``, ``Authorization: ApiKey`` or ``Authorization: Bearer``."""

from __future__ import annotations

from fastapi import Request

from interlink.core.errors import Unauthorized
from interlink.services import keys
from interlink.services.caller import Caller
from interlink.services.hub import Hub


def presented_key(request: Request) -> str | None:
    """The key the request carries, or None."""
    direct = request.headers.get("x-api-key")
    if direct:
        return direct.strip()
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() in {"apikey", "bearer"}:
        if not value.strip():
            raise Unauthorized()
        return value.strip()
    raise Unauthorized(f'Invalid authentication scheme: "{scheme}"')


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


async def caller(request: Request) -> Caller:
    """FastAPI dependency: the authenticated caller, or 401."""
    return await keys.authenticate(hub_of(request), presented_key(request))
