"""``/v2/audit-events``: who changed what, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from interlink.api import views
from interlink.api.auth import caller, hub_of
from interlink.api.http import FastJSON
from interlink.services import audit
from interlink.services.caller import Caller

router = APIRouter(tags=["audit"])


@router.get("/v2/audit-events", summary="List audit events, newest first")
async def list_events(
    request: Request,
    who: Annotated[Caller, Depends(caller)],
    targetId: str | None = Query(None, max_length=40),
    action: str | None = Query(None, max_length=64),
    before: str | None = Query(None, max_length=40, description="Cursor: the last id seen"),
    limit: int = Query(50, ge=1, le=200),
) -> Response:
    rows = await audit.list_events(hub_of(request), who, target_id=targetId, action=action, before=before, limit=limit)
    return FastJSON(
        {"data": [views.audit_event(r) for r in rows], "nextCursor": rows[-1].id if len(rows) == limit else None}
    )
