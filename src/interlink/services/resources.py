"""Resource paths (``places/{placeId}[/things/{thingId}]``): parsing, validation and listing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.ids import is_id
from interlink.sdk import ResourceKind
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.store import resources as store
from interlink.store.tables import Place, Thing

_PATH = re.compile(r"^places/(?P<place>[^/]+)(?:/things/(?P<thing>[^/]+))?$")


@dataclass(frozen=True)
class ResourcePath:
    """A parsed path: always a place, and a thing of that place when the path names one."""

    place_id: str
    thing_id: str | None = None

    @property
    def kind(self) -> ResourceKind:
        return ResourceKind.THING if self.thing_id else ResourceKind.PLACE

    def __str__(self) -> str:
        base = f"places/{self.place_id}"
        return f"{base}/things/{self.thing_id}" if self.thing_id else base


@dataclass(frozen=True)
class ResourceView:
    """One resource as the listing shows it."""

    path: str
    kind: ResourceKind
    id: str
    name: str
    detail: str | None = None


def parse(path: str) -> ResourcePath | str:
    """A ResourcePath, or why the text is not one."""
    match = _PATH.match(path.strip().strip("/")) if isinstance(path, str) else None
    if not match:
        return "must read places/{placeId} or places/{placeId}/things/{thingId}"
    if not is_id(match["place"], "plc"):
        return f"{match['place']!r} is not a place id"
    if match["thing"] is not None and not is_id(match["thing"], "thg"):
        return f"{match['thing']!r} is not a thing id"
    return ResourcePath(match["place"], match["thing"])


async def resolve(
    session: AsyncSession, environment_id: str, path: str
) -> tuple[ResourcePath, Place, Thing | None] | str:
    """Look a path up in the environment; returns the records, or why the path is not valid."""
    parsed = parse(path)
    if isinstance(parsed, str):
        return parsed
    place = await store.place(session, environment_id, parsed.place_id)
    if place is None:
        return f"place {parsed.place_id} does not exist"
    thing = None
    if parsed.thing_id:
        thing = await store.thing(session, environment_id, parsed.thing_id)
        if thing is None:
            return f"thing {parsed.thing_id} does not exist"
        if thing.place_id != place.id:
            return f"thing {parsed.thing_id} is not in place {place.id}"
    return parsed, place, thing


async def path_problem(
    session: AsyncSession, environment_id: str, path: str, kind: ResourceKind | None = None
) -> str | None:
    """Why ``path`` is not a valid resource (of ``kind``, if given), or None when it is."""
    found = await resolve(session, environment_id, path)
    if isinstance(found, str):
        return found
    if kind is not None and found[0].kind is not kind:
        return f"must point at a {kind.value}, not a {found[0].kind.value}"
    return None


async def validate_path(hub: Hub, caller: Caller, path: str) -> str | None:
    caller.require(READ)
    async with hub.db.read() as session:
        return await path_problem(session, caller.environment_id, path)


async def under(hub: Hub, caller: Caller, path: str | None) -> list[ResourceView] | str:
    """Resources one level below ``path``: top places for none, a place's sub-places and things."""
    caller.require(READ)
    async with hub.db.read() as session:
        if not path or path.strip("/") == "places":
            return [_place_view(p) for p in await store.places(session, caller.environment_id, top_level=True)]
        found = await resolve(session, caller.environment_id, path)
        if isinstance(found, str):
            return found
        _, place, thing = found
        if thing is not None:
            return []  # a thing holds nothing: a tree browser stops here
        children = await store.places(session, caller.environment_id, parent_id=place.id)
        things = await store.things(session, caller.environment_id, place_id=place.id)
        return [_place_view(p) for p in children] + [_thing_view(t) for t in things]


def _place_view(place: Place) -> ResourceView:
    return ResourceView(f"places/{place.id}", ResourceKind.PLACE, place.id, place.name, place.address)


def _thing_view(thing: Thing) -> ResourceView:
    return ResourceView(
        f"places/{thing.place_id}/things/{thing.id}", ResourceKind.THING, thing.id, thing.name, thing.kind
    )
