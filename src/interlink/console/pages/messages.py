"""Messages: the list with filters and the delivery chart, one message with every attempt, redeliver."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.console import charts, web
from interlink.console.pages.common import query
from interlink.core.errors import InterlinkError, invalid
from interlink.services import delivery_stats, integrations, messages
from interlink.services.sessions import ConsoleSession

router = APIRouter(prefix=f"{web.PREFIX}/messages", route_class=web.ConsoleRoute, include_in_schema=False)
Session = Annotated[ConsoleSession, Depends(web.signed_in)]
HOURS = (1, 3, 6, 12, 24)


def _since(request: Request) -> datetime | None:
    raw = query(request, "since", 40)
    if not raw:
        return None
    try:
        since = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise invalid("since", "must be a date and time such as 2026-01-31T12:00") from exc
    return since if since.tzinfo else since.replace(tzinfo=UTC)  # the form asks for UTC


@router.get("")
async def list_page(request: Request, current: Session) -> Response:
    hub, who = web.hub_of(request), current.caller
    hours_raw = query(request, "hours", 3) or "3"
    if not hours_raw.isdigit() or int(hours_raw) not in HOURS:
        raise invalid("hours", f"must be one of {', '.join(map(str, HOURS))}")
    found = await messages.list_page(
        hub,
        who,
        status=query(request, "status", 16) or None,
        channel=query(request, "channel", 32) or None,
        integration_id=query(request, "integration", 40) or None,
        since=_since(request),
        cursor=query(request, "cursor", 64) or None,
        limit=50,
    )
    overview = await delivery_stats.overview(hub, who, hours=int(hours_raw))
    names = {r.id: r.name for r in await integrations.list_all(hub, who)}
    return web.page(
        request,
        "messages.html",
        rows=found.rows,
        filters=request.query_params,
        statuses=messages.STATUSES,
        chart=charts.per_minute(overview),
        overview=overview,
        names=names,
        hours=int(hours_raw),
        hour_choices=HOURS,
        next_cursor=found.next_cursor,
    )


async def _message(request: Request, current: ConsoleSession, message_id: str, **extra: object) -> Response:
    message, attempts = await messages.get(web.hub_of(request), current.caller, message_id)
    return web.page(request, "message.html", extra.pop("status", 200), message=message, attempts=attempts, **extra)  # type: ignore[arg-type]


@router.get("/{message_id}")
async def show(message_id: str, request: Request, current: Session) -> Response:
    notice = "The message was queued again." if request.query_params.get("notice") == "redelivered" else None
    return await _message(request, current, message_id, notice=notice)


@router.post("/{message_id}/redeliver")
async def redeliver(message_id: str, request: Request, current: Session) -> Response:
    await web.write_form(request, current)
    try:
        await messages.redeliver(web.hub_of(request), current.caller, message_id)
    except InterlinkError as exc:
        if exc.status == 404:
            raise
        return await _message(request, current, message_id, status=exc.status, error=exc)
    return web.redirect(f"{web.PREFIX}/messages/{message_id}?notice=redelivered")
