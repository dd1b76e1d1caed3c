"""Queries for Places, Things and resource mappings, scoped to an environment."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import Integration, Place, ResourceMapping, Thing


async def place(session: AsyncSession, environment_id: str, place_id: str) -> Place | None:
    return await session.scalar(select(Place).where(Place.environment_id == environment_id, Place.id == place_id))


async def thing(session: AsyncSession, environment_id: str, thing_id: str) -> Thing | None:
    return await session.scalar(select(Thing).where(Thing.environment_id == environment_id, Thing.id == thing_id))


async def places(
    session: AsyncSession,
    environment_id: str,
    *,
    parent_id: str | None = None,
    top_level: bool = False,
    after: str | None = None,
    limit: int = 200,
) -> list[Place]:
    query = select(Place).where(Place.environment_id == environment_id)
    if top_level:
        query = query.where(Place.parent_id.is_(None))
    elif parent_id:
        query = query.where(Place.parent_id == parent_id)
    if after:
        query = query.where(Place.id > after)
    return list(await session.scalars(query.order_by(Place.id).limit(limit)))


async def things(
    session: AsyncSession,
    environment_id: str,
    *,
    place_id: str | None = None,
    kind: str | None = None,
    after: str | None = None,
    limit: int = 200,
) -> list[Thing]:
    query = select(Thing).where(Thing.environment_id == environment_id)
    if place_id:
        query = query.where(Thing.place_id == place_id)
    if kind:
        query = query.where(Thing.kind == kind)
    if after:
        query = query.where(Thing.id > after)
    return list(await session.scalars(query.order_by(Thing.id).limit(limit)))


async def count_children(session: AsyncSession, place_id: str) -> int:
    places_n = await session.scalar(select(func.count()).where(Place.parent_id == place_id)) or 0
    things_n = await session.scalar(select(func.count()).where(Thing.place_id == place_id)) or 0
    return places_n + things_n


async def count_mappings_to(session: AsyncSession, *, place_id: str | None = None, thing_id: str | None = None) -> int:
    query = (
        select(func.count())
        .select_from(ResourceMapping)
        .join(Integration, Integration.id == ResourceMapping.integration_id)
        .where(Integration.deleted.is_(False))
    )
    if thing_id:
        query = query.where(ResourceMapping.thing_id == thing_id)
    elif place_id:
        query = query.where(ResourceMapping.place_id == place_id, ResourceMapping.thing_id.is_(None))
    return await session.scalar(query) or 0


async def mapping(session: AsyncSession, environment_id: str, mapping_id: str) -> ResourceMapping | None:
    return await session.scalar(
        select(ResourceMapping)
        .join(Integration, Integration.id == ResourceMapping.integration_id)
        .where(
            ResourceMapping.environment_id == environment_id,
            ResourceMapping.id == mapping_id,
            Integration.deleted.is_(False),
        )
    )


async def mapping_by_external_id(
    session: AsyncSession, integration_id: str, external_id: str
) -> ResourceMapping | None:
    return await session.scalar(
        select(ResourceMapping).where(
            ResourceMapping.integration_id == integration_id, ResourceMapping.external_id == external_id
        )
    )


async def mappings(
    session: AsyncSession, integration_id: str, *, after: str | None = None, limit: int | None = None
) -> list[ResourceMapping]:
    query = select(ResourceMapping).where(ResourceMapping.integration_id == integration_id)
    if after is not None:
        query = query.where(ResourceMapping.id > after)
    return list(await session.scalars(query.order_by(ResourceMapping.id).limit(limit)))


async def delete_dead_mappings(
    session: AsyncSession, *, place_id: str | None = None, thing_id: str | None = None
) -> None:
    """Drop mappings of deleted integrations that still point at a place (or any of its things) or a thing."""
    target = ResourceMapping.thing_id == thing_id if thing_id else ResourceMapping.place_id == place_id
    dead = select(Integration.id).where(Integration.deleted.is_(True))
    await session.execute(
        delete(ResourceMapping)
        .where(target, ResourceMapping.integration_id.in_(dead))
        .execution_options(synchronize_session=False)
    )
