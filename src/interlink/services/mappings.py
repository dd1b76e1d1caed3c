"""Resource mappings: an integration's external id linked to one Place or Thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from interlink.core.errors import Conflict, FieldError, NotFound, invalid
from interlink.core.ids import is_id, new_id
from interlink.services import audit, paging, resources
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.integrations import load
from interlink.services.viewing import of_row
from interlink.store import resources as store
from interlink.store.tables import ResourceMapping

MAX_EXTERNAL_ID = 200


@dataclass(frozen=True, slots=True)
class MappingView:
    """A resource mapping as the faces show it."""

    id: str
    integration_id: str
    external_id: str
    resource_path: str
    thing_id: str | None
    created_at: datetime


async def create(hub: Hub, caller: Caller, integration_id: str, external_id: str, path: str) -> MappingView:
    """Link ``external_id`` to the resource at ``path``; one resource per external id (409 otherwise)."""
    caller.require(WRITE)
    if not external_id or len(external_id) > MAX_EXTERNAL_ID:
        raise invalid("externalId", f"must be 1 to {MAX_EXTERNAL_ID} characters")
    async with hub.db.write() as session:
        try:
            integration = await load(session, caller, integration_id)
        except NotFound as exc:
            raise invalid("integrationId", f"integration {integration_id} does not exist") from exc
        found = await resources.resolve(session, caller.environment_id, path)
        if isinstance(found, str):
            raise invalid("resourcePath", found)
        parsed, place, thing = found
        if await store.mapping_by_external_id(session, integration.id, external_id):
            raise Conflict(
                f"External id {external_id!r} is already mapped for this integration",
                [FieldError("externalId", "is already mapped")],
            )
        record = ResourceMapping(
            id=new_id("map"),
            environment_id=caller.environment_id,
            integration_id=integration.id,
            external_id=external_id,
            resource_path=str(parsed),
            place_id=place.id,
            thing_id=thing.id if thing else None,
        )
        session.add(record)
        try:
            await session.flush()
        except IntegrityError as exc:  # a concurrent request mapped the same id, or the resource just went away
            raise Conflict(
                f"External id {external_id!r} was mapped, or its resource deleted, by another request meanwhile"
            ) from exc
        audit.record(
            session,
            caller,
            "resource_mapping.created",
            "integration",
            integration.id,
            {"mappingId": record.id, "externalId": external_id, "resourcePath": str(parsed)},
        )
    return of_row(MappingView, record)


async def list_for(
    hub: Hub, caller: Caller, integration_id: str, *, cursor: str | None = None, limit: int = paging.DEFAULT_LIMIT
) -> paging.Page[MappingView]:
    """A page of an integration's mappings, oldest first; 404 when the integration is not the caller's."""
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        integration = await load(session, caller, integration_id)
        rows = await store.mappings(session, integration.id, after=cursor, limit=fetch)
    return paging.cut([of_row(MappingView, r) for r in rows], limit)


async def delete(hub: Hub, caller: Caller, mapping_id: str) -> None:
    """Remove one mapping of a live integration in the caller's environment (404 otherwise)."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await store.mapping(session, caller.environment_id, mapping_id) if is_id(mapping_id, "map") else None
        if record is None:
            raise NotFound(f"Resource mapping {mapping_id} not found")
        await session.delete(record)
        audit.record(
            session,
            caller,
            "resource_mapping.deleted",
            "integration",
            record.integration_id,
            {"mappingId": record.id, "externalId": record.external_id},
        )
