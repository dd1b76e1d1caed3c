"""``/v2/traces/{traceId}``: everything that happened under one trace id, in order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.api import schemas_alerts as typed
from interlink.core.timeutil import iso
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.http import FastJSON
from interlink.services import traces
from interlink.services.caller import Caller

router = APIRouter(tags=["traces"])


@router.get(
    "/v2/traces/{traceId}",
    response_model=typed.Trace,
    summary="Every step under one trace id: request, alert, messages, attempts",
)
async def get_trace(traceId: str, request: Request, who: Annotated[Caller, Depends(caller)]) -> Response:
    found = await traces.steps(hub_of(request), who, traceId)
    data = [{"at": iso(s.at), "kind": s.kind, "id": s.id, **s.detail} for s in found]
    return FastJSON({"traceId": traceId, "steps": data})
