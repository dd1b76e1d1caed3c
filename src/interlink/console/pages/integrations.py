"""The integrations list with its filters, and the two-step create wizard (catalog, then configure)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.console import forms, web
from interlink.console.pages.common import credential_status, pickable, query
from interlink.core.errors import InterlinkError, invalid
from interlink.sdk import Availability, Direction
from interlink.services import catalog, delivery_stats, integrations
from interlink.services.integrations import IntegrationFilter
from interlink.services.sessions import ConsoleSession

router = APIRouter(prefix=f"{web.PREFIX}/integrations", route_class=web.ConsoleRoute, include_in_schema=False)
Session = Annotated[ConsoleSession, Depends(web.signed_in)]
DIRECTIONS = tuple(d.value for d in Direction)


def _direction(request: Request) -> str | None:
    value = query(request, "direction")
    if value and value not in DIRECTIONS:
        raise invalid("direction", f"must be one of {', '.join(DIRECTIONS)}")
    return value or None


def _active(request: Request) -> bool | None:
    value = query(request, "active")
    if value not in ("", "yes", "no"):
        raise invalid("active", "must be yes or no")
    return {"yes": True, "no": False}.get(value)


@router.get("")
async def list_page(request: Request, current: Session) -> Response:
    hub, who = web.hub_of(request), current.caller
    filters = IntegrationFilter(
        _direction(request),
        query(request, "channel", 32) or None,
        query(request, "type", 64) or None,
        _active(request),
        query(request, "q") or None,
    )
    found = await integrations.page(hub, who, filters, cursor=query(request, "cursor", 64) or None, limit=50)
    last = await delivery_stats.last_deliveries(hub, who, [r.id for r in found.rows])
    rows = [
        {
            "record": r,
            "manifest": hub.registry.get(r.type),
            "last": last.get(r.id),
            "credentials": credential_status(hub.registry.get(r.type), r),
        }
        for r in found.rows
    ]
    return web.page(
        request,
        "integrations.html",
        rows=rows,
        total=found.total,
        next_cursor=found.next_cursor,
        filters=request.query_params,
        channels=sorted({m.channel.value for m in hub.registry}),
        types=sorted(hub.registry, key=lambda m: m.name),
        directions=DIRECTIONS,
        notice="The integration was deleted." if request.query_params.get("notice") == "deleted" else None,
    )


@router.get("/new")
async def catalog_page(request: Request, current: Session) -> Response:
    direction = _direction(request)
    availability = query(request, "availability")
    if availability not in ("", "available", "disabled"):
        raise invalid("availability", "must be available or disabled")
    text = query(request, "q").lower()
    entries = await catalog.entries(web.hub_of(request), current.caller, Direction(direction) if direction else None)
    shown = [
        e
        for e in entries
        if (not text or text in f"{e.manifest.id} {e.manifest.name} {e.manifest.description}".lower())
        and (not availability or e.available == (availability == "available"))
    ]
    standard = [e for e in shown if e.manifest.availability is Availability.STANDARD]
    custom = [e for e in shown if e.manifest.availability is Availability.CUSTOM]
    return web.page(
        request,
        "catalog.html",
        standard=standard,
        custom=custom,
        filters=request.query_params,
        directions=DIRECTIONS,
        contact=catalog.CONTACT_OPERATOR,
    )


async def _configure(
    request: Request,
    current: Session,
    type_id: str,
    *,
    status: int = 200,
    error: InterlinkError | None = None,
    values: dict[str, str] | None = None,
    name: str = "",
    metadata: list[tuple[str, str]] | None = None,
    active: bool = True,
) -> Response:
    hub = web.hub_of(request)
    entry = await catalog.entry(hub, current.caller, type_id, "type")
    if not entry.available:
        return web.page(request, "unavailable.html", 403, entry=entry, contact=catalog.CONTACT_OPERATOR)
    return web.page(
        request,
        "configure.html",
        status,
        entry=entry,
        manifest=entry.manifest,
        error=error,
        errors=web.field_errors(error) if error else {},
        values=values or {},
        name=name,
        metadata=metadata or [],
        active=active,
        resources=await pickable(hub, current.caller, entry.manifest),
    )


@router.get("/new/{type_id}")
async def configure_form(type_id: str, request: Request, current: Session) -> Response:
    return await _configure(request, current, type_id)


@router.post("/new/{type_id}")
async def create(type_id: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    hub = web.hub_of(request)
    manifest = (await catalog.entry(hub, current.caller, type_id)).manifest
    name = forms.text(form, "name")
    active = forms.text(form, "active") == "1"
    rows = list(zip(form.getlist("meta_key"), form.getlist("meta_value"), strict=False))
    try:
        draft = integrations.IntegrationDraft(
            type=manifest.id,
            name=name or None,
            properties=forms.properties_for_create(manifest, form),
            metadata=forms.metadata(form),
            active=active,
        )
        record = await integrations.create(hub, current.caller, draft)
    except InterlinkError as exc:
        kept = [(str(k), str(v)) for k, v in rows if str(k).strip()]
        return await _configure(
            request,
            current,
            type_id,
            status=exc.status,
            error=exc,
            values=forms.echo(manifest, form),
            name=name,
            metadata=kept,
            active=active,
        )
    if record.revealed_secrets:
        return web.page(
            request, "created.html", 201, record=record, manifest=manifest, revealed=record.revealed_secrets
        )
    return web.redirect(f"{web.PREFIX}/integrations/{record.id}?notice=created")
