"""Queries for push targets reported gone."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.egress_tables import DeadTarget


async def dead_for(session: AsyncSession, environment_id: str, target_hash: str) -> set[str]:
    """The integrations through which this target was reported gone."""
    query = select(DeadTarget.integration_id).where(
        DeadTarget.environment_id == environment_id, DeadTarget.target_hash == target_hash
    )
    return set(await session.scalars(query))


async def add(session: AsyncSession, rows: list[dict[str, object]]) -> None:
    """Record gone targets; one reported twice stays one row."""
    if not rows:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(DeadTarget).values(rows).on_conflict_do_nothing(index_elements=["integration_id", "target_hash"])
    await session.execute(statement)


async def page(session: AsyncSession, environment_id: str, integration_id: str, limit: int) -> list[DeadTarget]:
    query = select(DeadTarget).where(
        DeadTarget.environment_id == environment_id, DeadTarget.integration_id == integration_id
    )
    return list(await session.scalars(query.order_by(DeadTarget.id.desc()).limit(limit)))
