"""``/v2/places`` and ``/v2/things``: the user's own resources."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictStr
from starlette.responses import Response

from interlink.api import schemas, views
from interlink.core.errors import invalid
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import PageOf, PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.services import places
from interlink.services.caller import Caller

router = APIRouter(tags=["places and things"])
CallerDep = Annotated[Caller, Depends(caller)]
_RENAME = {"parentId": "parent_id", "placeId": "place_id"}


ZONES = sorted(available_timezones())


class PlaceUpdate(BaseModel):
    """Fields to change; a name may not be null, the others may (to clear them)."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]
    parentId: StrictStr | None = Field(None, max_length=40)
    address: StrictStr | None = Field(None, max_length=500)
    latitude: StrictFloat | None = None
    longitude: StrictFloat | None = None
    timezone: StrictStr | None = Field(None, max_length=64, json_schema_extra={"enum": [*ZONES, None]})
    metadata: dict[str, Any] | None = None


class PlaceBody(PlaceUpdate):
    name: StrictStr = Field(min_length=1, max_length=200)


class ThingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]
    kind: StrictStr = Field(None, min_length=1, max_length=64, description="meter, vehicle, sensor, …")  # type: ignore[assignment]
    placeId: StrictStr = Field(None, max_length=40)  # type: ignore[assignment]
    metadata: dict[str, Any] | None = None


class ThingBody(ThingUpdate):
    name: StrictStr = Field(min_length=1, max_length=200)
    kind: StrictStr = Field(min_length=1, max_length=64, description="meter, vehicle, sensor, inverter, …")
    placeId: StrictStr = Field(max_length=40)


def _values(body: BaseModel, required: tuple[str, ...], not_null: tuple[str, ...]) -> dict[str, Any]:
    given = {k: getattr(body, k) for k in body.model_fields_set}
    for key in required:
        if given.get(key) is None:
            raise invalid(key, "is required")
    for key in not_null:
        if key in given and given[key] is None:
            raise invalid(key, "may not be null")
    return {_RENAME.get(k, k): v for k, v in given.items()}


@router.post("/v2/places", status_code=201, response_model=schemas.Place, summary="Create a place")
async def create_place(body: PlaceBody, request: Request, who: CallerDep) -> Response:
    record = await places.create_place(hub_of(request), who, _values(body, ("name",), ()))
    return FastJSON(views.place(record), status_code=201)


@router.get("/v2/places", response_model=PageOf[schemas.Place], summary="List places")
async def list_places(
    request: Request,
    who: CallerDep,
    page: PagingDep,
    parentId: str | None = Query(None, max_length=40),
) -> Response:
    found = await places.list_places(hub_of(request), who, parent_id=parentId, cursor=page.cursor, limit=page.limit)
    return FastJSON(page_body([views.place(r) for r in found.rows], found))


@router.get("/v2/places/{placeId}", response_model=schemas.Place, summary="Get a place")
async def get_place(placeId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(views.place(await places.get_place(hub_of(request), who, placeId)))


@router.put("/v2/places/{placeId}", response_model=schemas.Place, summary="Update a place")
async def update_place(placeId: str, body: PlaceUpdate, request: Request, who: CallerDep) -> Response:
    values = _values(body, (), ("name",))
    return FastJSON(views.place(await places.update_place(hub_of(request), who, placeId, values)))


@router.delete("/v2/places/{placeId}", status_code=204, summary="Delete an empty, unmapped place")
async def delete_place(placeId: str, request: Request, who: CallerDep) -> Response:
    await places.delete_place(hub_of(request), who, placeId)
    return Response(status_code=204)


@router.post(
    "/v2/things", status_code=201, response_model=schemas.Thing, summary="Create a thing (a device) in a place"
)
async def create_thing(body: ThingBody, request: Request, who: CallerDep) -> Response:
    record = await places.create_thing(hub_of(request), who, _values(body, ("name", "kind", "placeId"), ()))
    return FastJSON(views.thing(record), status_code=201)


@router.get("/v2/things", response_model=PageOf[schemas.Thing], summary="List things")
async def list_things(
    request: Request,
    who: CallerDep,
    page: PagingDep,
    placeId: str | None = Query(None, max_length=40),
    kind: str | None = Query(None, max_length=64),
) -> Response:
    found = await places.list_things(
        hub_of(request), who, place_id=placeId, kind=kind, cursor=page.cursor, limit=page.limit
    )
    return FastJSON(page_body([views.thing(r) for r in found.rows], found))


@router.get("/v2/things/{thingId}", response_model=schemas.Thing, summary="Get a thing")
async def get_thing(thingId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(views.thing(await places.get_thing(hub_of(request), who, thingId)))


@router.put("/v2/things/{thingId}", response_model=schemas.Thing, summary="Update a thing")
async def update_thing(thingId: str, body: ThingUpdate, request: Request, who: CallerDep) -> Response:
    values = _values(body, (), ("name", "kind", "placeId"))
    return FastJSON(views.thing(await places.update_thing(hub_of(request), who, thingId, values)))


@router.delete("/v2/things/{thingId}", status_code=204, summary="Delete an unmapped thing")
async def delete_thing(thingId: str, request: Request, who: CallerDep) -> Response:
    await places.delete_thing(hub_of(request), who, thingId)
    return Response(status_code=204)
