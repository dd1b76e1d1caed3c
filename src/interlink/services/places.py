"""The user's Places and Things: the resources integrations map external ids to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import Conflict, NotFound, invalid
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.services import audit, paging
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.integration_rules import check_metadata
from interlink.services.viewing import of_row
from interlink.store import resources as store
from interlink.store.tables import Place, Thing


@dataclass(frozen=True, slots=True)
class PlaceView:
    """A place as the faces show it."""

    id: str
    parent_id: str | None
    name: str
    address: str | None
    latitude: float | None
    longitude: float | None
    timezone: str | None
    metadata_: dict[str, Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ThingView:
    """A thing as the faces show it: its kind and the place that holds it."""

    id: str
    place_id: str
    name: str
    kind: str
    metadata_: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def _check_place_values(values: dict[str, Any]) -> dict[str, Any]:
    """Refuse coordinates off the globe and unknown time zones, naming the field."""
    out = dict(values)
    if "latitude" in out and out["latitude"] is not None and not -90 <= out["latitude"] <= 90:
        raise invalid("latitude", "must be between -90 and 90")
    if "longitude" in out and out["longitude"] is not None and not -180 <= out["longitude"] <= 180:
        raise invalid("longitude", "must be between -180 and 180")
    if out.get("timezone") is not None:
        try:
            ZoneInfo(out["timezone"])
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise invalid("timezone", "must be an IANA time zone such as Europe/Berlin") from exc
    if "metadata" in out:
        out["metadata"] = check_metadata(out["metadata"] or {})
    return out


async def _place(session: AsyncSession, caller: Caller, place_id: str, path: str | None = None) -> Place:
    found = await store.place(session, caller.environment_id, place_id) if is_id(place_id, "plc") else None
    if found is None:
        if path:
            raise invalid(path, f"place {place_id} does not exist")
        raise NotFound(f"Place {place_id} not found")
    return found


async def _thing(session: AsyncSession, caller: Caller, thing_id: str) -> Thing:
    found = await store.thing(session, caller.environment_id, thing_id) if is_id(thing_id, "thg") else None
    if found is None:
        raise NotFound(f"Thing {thing_id} not found")
    return found


async def create_place(hub: Hub, caller: Caller, values: dict[str, Any]) -> PlaceView:
    caller.require(WRITE)
    clean = _check_place_values(values)
    async with hub.db.write() as session:
        if clean.get("parent_id"):
            await _place(session, caller, clean["parent_id"], "parentId")
        record = Place(
            id=new_id("plc"), environment_id=caller.environment_id, metadata_=clean.pop("metadata", {}) or {}, **clean
        )
        session.add(record)
        await _flush(session, "The parent place was deleted meanwhile")
        audit.record(session, caller, "place.created", "place", record.id, {"name": record.name})
    return of_row(PlaceView, record)


async def update_place(hub: Hub, caller: Caller, place_id: str, values: dict[str, Any]) -> PlaceView:
    caller.require(WRITE)
    clean = _check_place_values(values)
    async with hub.db.write() as session:
        record = await _place(session, caller, place_id)
        if clean.get("parent_id"):
            await _check_no_cycle(session, caller, record.id, clean["parent_id"])
        for key, value in clean.items():
            setattr(record, "metadata_" if key == "metadata" else key, value)
        record.updated_at = utcnow()
        await _flush(session, "The new parent place was deleted meanwhile")
        audit.record(session, caller, "place.updated", "place", record.id, _changes(clean))
    return of_row(PlaceView, record)


async def _check_no_cycle(session: AsyncSession, caller: Caller, place_id: str, parent_id: str) -> None:
    current: str | None = parent_id
    seen = 0
    while current is not None and seen < 100:
        if current == place_id:
            raise invalid("parentId", "would make the place its own ancestor")
        parent = await _place(session, caller, current, "parentId")
        current, seen = parent.parent_id, seen + 1


async def _flush(session: AsyncSession, conflict: str) -> None:
    """Write pending changes now, so a clash with a concurrent request is a 409, not a 500."""
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(conflict) from exc


def _changes(values: dict[str, Any]) -> dict[str, Any]:
    return {("parentId" if k == "parent_id" else "placeId" if k == "place_id" else k): v for k, v in values.items()}


async def delete_place(hub: Hub, caller: Caller, place_id: str) -> None:
    """Delete a place that holds no sub-places, things or mappings (409 otherwise)."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await _place(session, caller, place_id)
        if await store.count_children(session, record.id):
            raise Conflict("The place still holds sub-places or things; delete or move them first")
        if await store.count_mappings_to(session, place_id=record.id):
            raise Conflict("Integrations still map to this place; delete those resource mappings first")
        await store.delete_dead_mappings(session, place_id=record.id)
        await session.delete(record)
        await _flush(session, "The place gained sub-places, things or mappings meanwhile; try again")
        audit.record(session, caller, "place.deleted", "place", record.id)


async def get_place(hub: Hub, caller: Caller, place_id: str) -> PlaceView:
    caller.require(READ)
    async with hub.db.read() as session:
        return of_row(PlaceView, await _place(session, caller, place_id))


async def list_places(
    hub: Hub, caller: Caller, *, parent_id: str | None, cursor: str | None, limit: int
) -> paging.Page[PlaceView]:
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows = await store.places(session, caller.environment_id, parent_id=parent_id, after=cursor, limit=fetch)
    return paging.cut([of_row(PlaceView, r) for r in rows], limit)


async def create_thing(hub: Hub, caller: Caller, values: dict[str, Any]) -> ThingView:
    caller.require(WRITE)
    clean = dict(values)
    if "metadata" in clean:
        clean["metadata"] = check_metadata(clean["metadata"] or {})
    async with hub.db.write() as session:
        await _place(session, caller, clean["place_id"], "placeId")
        record = Thing(
            id=new_id("thg"), environment_id=caller.environment_id, metadata_=clean.pop("metadata", {}) or {}, **clean
        )
        session.add(record)
        await _flush(session, "The place was deleted meanwhile")
        audit.record(session, caller, "thing.created", "thing", record.id, {"name": record.name})
    return of_row(ThingView, record)


async def update_thing(hub: Hub, caller: Caller, thing_id: str, values: dict[str, Any]) -> ThingView:
    caller.require(WRITE)
    clean = dict(values)
    if "metadata" in clean:
        clean["metadata"] = check_metadata(clean["metadata"] or {})
    async with hub.db.write() as session:
        record = await _thing(session, caller, thing_id)
        if "place_id" in clean and clean["place_id"] != record.place_id:
            await _place(session, caller, clean["place_id"], "placeId")
            if await store.count_mappings_to(session, thing_id=record.id):
                raise Conflict("Integrations map to this thing by its path; delete those mappings before moving it")
        for key, value in clean.items():
            setattr(record, "metadata_" if key == "metadata" else key, value)
        record.updated_at = utcnow()
        await _flush(session, "The new place was deleted meanwhile")
        audit.record(session, caller, "thing.updated", "thing", record.id, _changes(clean))
    return of_row(ThingView, record)


async def delete_thing(hub: Hub, caller: Caller, thing_id: str) -> None:
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await _thing(session, caller, thing_id)
        if await store.count_mappings_to(session, thing_id=record.id):
            raise Conflict("Integrations still map to this thing; delete those resource mappings first")
        await store.delete_dead_mappings(session, thing_id=record.id)
        await session.delete(record)
        await _flush(session, "Integrations came to map this thing meanwhile; try again")
        audit.record(session, caller, "thing.deleted", "thing", record.id)


async def get_thing(hub: Hub, caller: Caller, thing_id: str) -> ThingView:
    caller.require(READ)
    async with hub.db.read() as session:
        return of_row(ThingView, await _thing(session, caller, thing_id))


async def list_things(
    hub: Hub, caller: Caller, *, place_id: str | None, kind: str | None, cursor: str | None, limit: int
) -> paging.Page[ThingView]:
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows = await store.things(
            session, caller.environment_id, place_id=place_id, kind=kind, after=cursor, limit=fetch
        )
    return paging.cut([of_row(ThingView, r) for r in rows], limit)
