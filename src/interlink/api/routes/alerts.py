"""``/v2/alerts``: list and read alerts with their timelines; acknowledge, resolve or drop one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.responses import Response

from interlink.api import alert_views
from interlink.api import schemas_alerts as typed
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import DateTimeQuery, PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.services import alerts
from interlink.services.alerts import AlertFilter
from interlink.services.caller import Caller

router = APIRouter(prefix="/v2/alerts", tags=["alerts"])
CallerDep = Annotated[Caller, Depends(caller)]
Status = Literal["open", "acknowledged", "resolved", "dropped"]
Urgency = Literal["silent", "low", "medium", "high", "critical"]


class AlertNote(BaseModel):
    """An optional note kept on the alert's timeline."""

    model_config = ConfigDict(extra="forbid")
    note: StrictStr | None = Field(None, max_length=2000)


@router.get("", response_model=typed.AlertPage, summary="List alerts, newest first")
async def list_alerts(
    request: Request,
    who: CallerDep,
    page: PagingDep,
    status: Status | None = None,
    urgency: Urgency | None = None,
    integrationId: str | None = Query(None, max_length=40),
    since: DateTimeQuery | None = None,
    until: DateTimeQuery | None = None,
    q: str | None = Query(None, max_length=200, description="Text in the title or description"),
    traceId: str | None = Query(None, max_length=32),
) -> Response:
    filters = AlertFilter(status, urgency, integrationId, since, until, q, traceId)
    found = await alerts.list_page(hub_of(request), who, filters, cursor=page.cursor, limit=page.limit)
    return FastJSON(page_body([alert_views.alert(r) for r in found.rows], found))


@router.get("/{alertId}", response_model=typed.Alert, summary="An alert with its timeline")
async def get_alert(alertId: str, request: Request, who: CallerDep) -> Response:
    item, timeline = await alerts.get(hub_of(request), who, alertId)
    return FastJSON(alert_views.alert(item, timeline))


async def _act(request: Request, who: Caller, alert_id: str, verb: str, body: AlertNote | None) -> Response:
    item = await alerts.act(hub_of(request), who, alert_id, verb, body.note if body else None)
    return FastJSON(alert_views.alert(item))


@router.post("/{alertId}/acknowledge", response_model=typed.Alert, summary="Acknowledge an open alert")
async def acknowledge(alertId: str, request: Request, who: CallerDep, body: AlertNote | None = None) -> Response:
    return await _act(request, who, alertId, "acknowledge", body)


@router.post("/{alertId}/resolve", response_model=typed.Alert, summary="Resolve an alert")
async def resolve(alertId: str, request: Request, who: CallerDep, body: AlertNote | None = None) -> Response:
    return await _act(request, who, alertId, "resolve", body)


@router.post("/{alertId}/drop", response_model=typed.Alert, summary="Drop an alert: it was noise")
async def drop(alertId: str, request: Request, who: CallerDep, body: AlertNote | None = None) -> Response:
    return await _act(request, who, alertId, "drop", body)
