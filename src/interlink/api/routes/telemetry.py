"""``/v2/telemetry`` reads, and the pull side of ``/v2/integrations``: schedule, unmapped ids, backfill, preview."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from interlink.api import pull_views, schemas, views
from interlink.api import schemas_telemetry as typed
from interlink.core.timeutil import aware
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import DateTimeQuery
from interlink.http_kit.http import FastJSON
from interlink.services import pull_actions, pull_status, telemetry
from interlink.services.caller import Caller

router = APIRouter(tags=["telemetry"])
CallerDep = Annotated[Caller, Depends(caller)]


@router.get(
    "/v2/telemetry",
    response_model=typed.Series,
    summary="Points of one metric of a Place or Thing, raw or aggregated per step",
)
async def read(
    request: Request,
    who: CallerDep,
    path: Annotated[str, Query(min_length=1, max_length=200, description="places/{placeId}[/things/{thingId}]")],
    metric: Annotated[str, Query(min_length=1, max_length=100)],
    start: Annotated[DateTimeQuery, Query(alias="from", description="Inclusive start (RFC 3339)")],
    end: Annotated[DateTimeQuery, Query(alias="to", description="Exclusive end (RFC 3339)")],
    step: str | None = Query(None, max_length=16, description="Bucket size: 15m, 1h, 1d, 1w …; raw points if absent"),
    source: str | None = Query(None, max_length=40, description="Only points from this integration"),
    limit: int = Query(1000, ge=1, le=telemetry.MAX_RAW),
) -> Response:
    query = telemetry.Query(path, metric, aware(start), aware(end), step, source, limit)
    return FastJSON(await telemetry.read(hub_of(request), who, query))


@router.get(
    "/v2/telemetry/metrics",
    response_model=typed.Metrics,
    summary="The metrics a Place or Thing has, with units and time spans",
)
async def metrics(request: Request, who: CallerDep, path: str = Query(min_length=1, max_length=200)) -> Response:
    return FastJSON(await telemetry.metrics(hub_of(request), who, path))


@router.get(
    "/v2/integrations/{integrationId}/unmapped",
    response_model=typed.UnmappedIds,
    summary="External ids a source reported that no mapping names",
)
async def unmapped(integrationId: str, request: Request, who: CallerDep) -> Response:
    rows = await telemetry.unmapped(hub_of(request), who, integrationId)
    return FastJSON({"data": [pull_views.unmapped(r) for r in rows]})


@router.get(
    "/v2/integrations/{integrationId}/schedule",
    response_model=typed.Schedule,
    summary="A pull integration's schedule and last run",
)
async def schedule(integrationId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(pull_views.schedule(await pull_status.schedule(hub_of(request), who, integrationId)))


class BackfillBody(BaseModel):
    """The range to pull again: ``[from, to)``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)
    start: datetime | None = Field(None, alias="from")
    end: datetime | None = Field(None, alias="to")


class PreviewBody(BaseModel):
    """A sample answer (or payload) to map; without one, the source is fetched once. Nothing is stored."""

    model_config = ConfigDict(extra="forbid")
    sample: Any = None


@router.post(
    "/v2/integrations/{integrationId}/actions/backfill",
    status_code=202,
    response_model=schemas.Action,
    summary="Pull a past range again, in chunks; answers 202 with the action's location",
)
async def backfill(integrationId: str, body: BackfillBody, request: Request, who: CallerDep) -> Response:
    row = await pull_actions.request_backfill(hub_of(request), who, integrationId, body.start, body.end)
    return FastJSON(views.action(row), status_code=202, headers={"Location": f"/v2/actions/{row.id}"})


@router.post(
    "/v2/integrations/{integrationId}/actions/preview",
    status_code=202,
    response_model=schemas.Action,
    summary="Show what a sample answer becomes, storing nothing; answers 202 with the action's location",
)
async def preview(integrationId: str, request: Request, who: CallerDep, body: PreviewBody | None = None) -> Response:
    row = await pull_actions.request_preview(hub_of(request), who, integrationId, body.sample if body else None)
    return FastJSON(views.action(row), status_code=202, headers={"Location": f"/v2/actions/{row.id}"})


@router.post(
    "/v2/actions/{actionId}/cancel", response_model=schemas.Action, summary="Cancel a queued or running action"
)
async def cancel(actionId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(views.action(await pull_actions.cancel(hub_of(request), who, actionId)))
