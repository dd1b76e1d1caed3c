"""Queries for organizations, environments, their enabled types, API keys and data keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import ApiKey, DataKey, EnabledType, Environment, Organization


async def lock_bootstrap(session: AsyncSession) -> None:
    """Serialize first starts: on PostgreSQL two processes must not both create the default organization."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(7260146)"))


async def first_organization(session: AsyncSession) -> Organization | None:
    return await session.scalar(select(Organization).order_by(Organization.id).limit(1))


async def environments(session: AsyncSession, organization_id: str | None = None) -> list[Environment]:
    query = select(Environment).order_by(Environment.organization_id, Environment.name)
    if organization_id:
        query = query.where(Environment.organization_id == organization_id)
    return list(await session.scalars(query))


async def environment(session: AsyncSession, environment_id: str) -> Environment | None:
    return await session.get(Environment, environment_id)


async def environment_by_name(session: AsyncSession, organization_id: str, name: str) -> Environment | None:
    return await session.scalar(
        select(Environment).where(Environment.organization_id == organization_id, Environment.name == name)
    )


async def enabled_types(session: AsyncSession, organization_id: str) -> set[str]:
    rows = await session.scalars(select(EnabledType.type_id).where(EnabledType.organization_id == organization_id))
    return set(rows)


async def enable_type(session: AsyncSession, organization_id: str, type_id: str) -> None:
    if await session.get(EnabledType, (organization_id, type_id)) is None:
        session.add(EnabledType(organization_id=organization_id, type_id=type_id))


async def key_by_hash(session: AsyncSession, key_hash: str) -> tuple[ApiKey, Environment] | None:
    row = (
        await session.execute(
            select(ApiKey, Environment)
            .join(Environment, Environment.id == ApiKey.environment_id)
            .where(ApiKey.key_hash == key_hash)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def touch_key(session: AsyncSession, key_id: str, when: datetime) -> None:
    await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=when))


async def keys(session: AsyncSession, environment_ids: list[str]) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.environment_id.in_(environment_ids)).order_by(ApiKey.id)
    return list(await session.scalars(query))


async def api_key(session: AsyncSession, key_id: str) -> ApiKey | None:
    return await session.get(ApiKey, key_id)


async def active_data_key(session: AsyncSession, environment_id: str) -> DataKey | None:
    return await session.scalar(
        select(DataKey)
        .where(DataKey.environment_id == environment_id, DataKey.active.is_(True))
        .order_by(DataKey.id.desc())
        .limit(1)
    )


async def data_keys(session: AsyncSession, ids: set[str] | None = None) -> list[DataKey]:
    query = select(DataKey)
    if ids is not None:
        query = query.where(DataKey.id.in_(ids))
    return list(await session.scalars(query))
