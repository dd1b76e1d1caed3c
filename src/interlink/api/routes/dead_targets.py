"""``/v2/integrations/{id}/dead-targets``: device tokens and push subscriptions reported gone, never sent to again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from interlink.api import schemas_recipients as schemas
from interlink.core.timeutil import iso
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.http import FastJSON
from interlink.services import dead_targets
from interlink.services.caller import Caller

router = APIRouter(tags=["integrations"])
CallerDep = Annotated[Caller, Depends(caller)]


@router.get(
    "/v2/integrations/{integrationId}/dead-targets",
    response_model=schemas.DeadTargetList,
    summary="Push targets the service reported gone",
)
async def list_(integrationId: str, request: Request, who: CallerDep, limit: int = Query(50, ge=1, le=200)) -> Response:
    rows = await dead_targets.page(hub_of(request), who, integrationId, limit)
    return FastJSON(
        {
            "data": [
                {
                    "target": r.target,
                    "reason": r.reason,
                    "statusCode": r.status_code,
                    "messageId": r.message_id,
                    "at": iso(r.created_at),
                }
                for r in rows
            ]
        }
    )
