"""Places and Things: list, create, edit, and the resources under a place."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, Response

from interlink.console import forms, web
from interlink.console.pages.common import query
from interlink.core.errors import FieldError, InterlinkError, Unprocessable
from interlink.services import places, resources
from interlink.services.sessions import ConsoleSession

router = APIRouter(prefix=web.PREFIX, route_class=web.ConsoleRoute, include_in_schema=False)
Session = Annotated[ConsoleSession, Depends(web.signed_in)]


def _number(form: FormData, name: str) -> float | None:
    raw = forms.text(form, name)
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise Unprocessable(f"{name}: must be a number", [FieldError(name, "must be a number")]) from exc


def _place_values(form: FormData, *, editing: bool) -> dict[str, Any]:
    """The place's fields as the service takes them; on edit, a cleared optional field is set to null."""
    values: dict[str, Any] = {"name": forms.text(form, "name") or None, "metadata": forms.metadata(form)}
    for key in ("address", "timezone"):
        values[key] = forms.text(form, key) or None
    values["latitude"], values["longitude"] = _number(form, "latitude"), _number(form, "longitude")
    parent = forms.text(form, "parentId")
    if parent or editing:
        values["parent_id"] = parent or None
    if not values["name"]:
        values.pop("name")
    return values


def _require_name(values: dict[str, Any]) -> None:
    if not values.get("name"):
        raise Unprocessable("name: is required", [FieldError("name", "is required")])


async def _places_page(request: Request, current: ConsoleSession, **extra: Any) -> Response:
    hub, who = web.hub_of(request), current.caller
    cursor = query(request, "cursor", 64) or None
    rows = (await places.list_places(hub, who, parent_id=None, cursor=cursor, limit=200)).rows
    things = (await places.list_things(hub, who, place_id=None, kind=None, cursor=None, limit=200)).rows
    status = extra.pop("status", 200)
    error = extra.pop("error", None)
    return web.page(
        request,
        "places.html",
        status,
        places=rows,
        things=things,
        error=error,
        errors=web.field_errors(error) if error else {},
        echo=extra.pop("echo", {}),
        **extra,
    )


@router.get("/places")
async def list_places(request: Request, current: Session) -> Response:
    return await _places_page(request, current)


@router.post("/places")
async def create_place(request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    try:
        values = _place_values(form, editing=False)
        _require_name(values)
        record = await places.create_place(web.hub_of(request), current.caller, values)
    except InterlinkError as exc:
        return await _places_page(request, current, status=exc.status, error=exc, echo=dict(form))
    return web.redirect(f"{web.PREFIX}/places/{record.id}?notice=created")


async def _place_page(request: Request, current: ConsoleSession, place_id: str, **extra: Any) -> Response:
    hub, who = web.hub_of(request), current.caller
    record = await places.get_place(hub, who, place_id)
    under = await resources.under(hub, who, f"places/{record.id}")
    all_places = (await places.list_places(hub, who, parent_id=None, cursor=None, limit=200)).rows
    status = extra.pop("status", 200)
    error = extra.pop("error", None)
    notice = {"created": "The place was created.", "saved": "Your changes were saved.", "thing": "The thing was added."}
    return web.page(
        request,
        "place.html",
        status,
        place=record,
        under=under if isinstance(under, list) else [],
        places=[p for p in all_places if p.id != record.id],
        error=error,
        section=extra.pop("section", ""),
        errors=web.field_errors(error) if error else {},
        echo=extra.pop("echo", {}),
        notice=notice.get(request.query_params.get("notice", "")),
    )


@router.get("/places/{place_id}")
async def show_place(place_id: str, request: Request, current: Session) -> Response:
    return await _place_page(request, current, place_id)


@router.post("/places/{place_id}")
async def edit_place(place_id: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    await places.get_place(web.hub_of(request), current.caller, place_id)
    try:
        values = _place_values(form, editing=True)
        _require_name(values)
        await places.update_place(web.hub_of(request), current.caller, place_id, values)
    except InterlinkError as exc:
        return await _place_page(
            request, current, place_id, status=exc.status, error=exc, section="edit", echo=dict(form)
        )
    return web.redirect(f"{web.PREFIX}/places/{place_id}?notice=saved")


def _thing_values(form: FormData, place_id: str | None = None) -> dict[str, Any]:
    """A thing's fields; a thing added on a place's page belongs to that place."""
    values: dict[str, Any] = {"metadata": forms.metadata(form)}
    for form_key, key in (("name", "name"), ("kind", "kind"), ("placeId", "place_id")):
        value = place_id if form_key == "placeId" and place_id else forms.text(form, form_key)
        if not value:
            raise Unprocessable(f"{form_key}: is required", [FieldError(form_key, "is required")])
        values[key] = value
    return values


@router.post("/places/{place_id}/things")
async def create_thing(place_id: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    try:
        values = _thing_values(form, place_id)
        await places.create_thing(web.hub_of(request), current.caller, values)
    except InterlinkError as exc:
        if any(e.path == "placeId" for e in exc.errors):
            raise  # the place is not in this environment: answered as the API answers it
        return await _place_page(
            request, current, place_id, status=exc.status, error=exc, section="thing", echo=dict(form)
        )
    return web.redirect(f"{web.PREFIX}/places/{place_id}?notice=thing")


async def _thing_page(request: Request, current: ConsoleSession, thing_id: str, **extra: Any) -> Response:
    hub, who = web.hub_of(request), current.caller
    record = await places.get_thing(hub, who, thing_id)
    status = extra.pop("status", 200)
    error = extra.pop("error", None)
    return web.page(
        request,
        "thing.html",
        status,
        thing=record,
        error=error,
        errors=web.field_errors(error) if error else {},
        places=(await places.list_places(hub, who, parent_id=None, cursor=None, limit=200)).rows,
        echo=extra.pop("echo", {}),
        notice="Your changes were saved." if request.query_params.get("notice") == "saved" else None,
    )


@router.get("/things/{thing_id}")
async def show_thing(thing_id: str, request: Request, current: Session) -> Response:
    return await _thing_page(request, current, thing_id)


@router.post("/things/{thing_id}")
async def edit_thing(thing_id: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    await places.get_thing(web.hub_of(request), current.caller, thing_id)
    try:
        await places.update_thing(web.hub_of(request), current.caller, thing_id, _thing_values(form))
    except InterlinkError as exc:
        return await _thing_page(request, current, thing_id, status=exc.status, error=exc, echo=dict(form))
    return web.redirect(f"{web.PREFIX}/things/{thing_id}?notice=saved")


@router.get("/resources/validate")
async def validate_path(request: Request, current: Session) -> Response:
    """Whether a resource path is valid, and why not: the mapping form checks paths as they are typed."""
    path = query(request, "path")
    problem = await resources.validate_path(web.hub_of(request), current.caller, path)
    return JSONResponse({"path": path, "valid": problem is None, "reason": problem}, headers=web.HEADERS)
