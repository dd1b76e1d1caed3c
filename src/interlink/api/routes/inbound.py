"""``/v2/inbound-events`` (the inbound log, replay) and the receiving actions of an integration."""

from __future__ import annotations

import base64
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from interlink.api import schemas_alerts as typed
from interlink.api import views
from interlink.core.timeutil import iso
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import DateTimeQuery, PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.services import inbound_events
from interlink.services.caller import Caller
from interlink.services.inbound_events import EventFilter, EventView

router = APIRouter(tags=["inbound"])
CallerDep = Annotated[Caller, Depends(caller)]


def event_view(row: EventView, *, with_body: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "integrationId": row.integration_id,
        "integrationType": row.integration_type,
        "method": row.method,
        "query": row.query,
        "remoteAddress": row.remote_address,
        "receivedAt": iso(row.received_at),
        "outcome": row.outcome,
        "reason": row.reason,
        "statusCode": row.status_code,
        "status": row.status,
        "attempts": row.attempts,
        "result": row.result,
        "replayOf": row.replay_of,
        "traceId": row.trace_id,
        "processedAt": iso(row.processed_at),
        "size": len(row.body or b""),
    }
    if with_body:
        out["headers"] = [list(pair) for pair in row.headers]
        try:
            out["body"] = (row.body or b"").decode("utf-8")
        except UnicodeDecodeError:
            out["bodyBase64"] = base64.b64encode(row.body).decode()
    return out


class PreviewBody(BaseModel):
    """A sample payload, and optionally headers and property values to try instead of the saved ones."""

    model_config = ConfigDict(extra="forbid")
    payload: Any = Field(description="The JSON the source would send")
    headers: dict[str, str] = Field(default_factory=dict)
    options: dict[str, str] = Field(default_factory=dict, description="e.g. titleExpression to try")


@router.get(
    "/v2/inbound-events",
    response_model=typed.InboundEventPage,
    summary="The inbound log: every request that reached a known integration",
)
async def list_events(
    request: Request,
    who: CallerDep,
    page: PagingDep,
    integrationId: str | None = Query(None, max_length=40),
    outcome: Literal["accepted", "refused"] | None = None,
    status: Literal["queued", "running", "processed", "failed", "refused"] | None = None,
    since: DateTimeQuery | None = None,
    until: DateTimeQuery | None = None,
    traceId: str | None = Query(None, max_length=32),
) -> Response:
    filters = EventFilter(integrationId, outcome, status, since, until, traceId)
    found = await inbound_events.list_page(hub_of(request), who, filters, cursor=page.cursor, limit=page.limit)
    return FastJSON(page_body([event_view(r) for r in found.rows], found))


@router.get(
    "/v2/inbound-events/{eventId}",
    response_model=typed.InboundEvent,
    summary="One inbound request with its headers, body and result",
)
async def get_event(eventId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(event_view(await inbound_events.get(hub_of(request), who, eventId), with_body=True))


@router.post(
    "/v2/inbound-events/{eventId}/replay",
    status_code=202,
    response_model=typed.InboundEvent,
    summary="Process an accepted request again",
)
async def replay(eventId: str, request: Request, who: CallerDep) -> Response:
    row = await inbound_events.replay(hub_of(request), who, eventId)
    return FastJSON(event_view(row), status_code=202, headers={"Location": f"/v2/inbound-events/{row.id}"})


@router.post(
    "/v2/integrations/{integrationId}/rotate-token",
    response_model=typed.ReceivingIntegration,
    summary="Give the integration a new inboundUrl",
)
async def rotate_token(integrationId: str, request: Request, who: CallerDep) -> Response:
    record = await inbound_events.rotate_token(hub_of(request), who, integrationId)
    intake = getattr(request.app.state, "intake", None)
    if intake is not None:
        intake.forget(record.id)
    return FastJSON(views.integration(record))


@router.post(
    "/v2/integrations/{integrationId}/preview",
    response_model=typed.InboundPreview,
    summary="What a sample payload becomes (nothing is stored)",
)
async def preview(integrationId: str, body: PreviewBody, request: Request, who: CallerDep) -> Response:
    found = await inbound_events.preview(hub_of(request), who, integrationId, body.payload, body.headers, body.options)
    return FastJSON({"integrationId": found.integration_id, "actions": found.actions})
