"""``/v2/audit-events``: who changed what, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from interlink.api import schemas, views
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import PageOf, PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.services import audit
from interlink.services.caller import Caller

router = APIRouter(tags=["audit"])


@router.get("/v2/audit-events", response_model=PageOf[schemas.AuditEvent], summary="List audit events, newest first")
async def list_events(
    request: Request,
    who: Annotated[Caller, Depends(caller)],
    page: PagingDep,
    targetId: str | None = Query(None, max_length=40),
    action: str | None = Query(None, max_length=64),
) -> Response:
    found = await audit.list_events(
        hub_of(request), who, target_id=targetId, action=action, cursor=page.cursor, limit=page.limit
    )
    return FastJSON(page_body([views.audit_event(r) for r in found.rows], found))
