"""Queries for account users, teams and routers; every one is scoped to an environment."""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.paging_tables import AccountUser, Router, Team

Record = TypeVar("Record", AccountUser, Team, Router)


async def get(
    session: AsyncSession, kind: type[Record], environment_id: str, record_id: str, *, for_update: bool = False
) -> Record | None:
    query = select(kind).where(kind.environment_id == environment_id, kind.id == record_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


async def page(
    session: AsyncSession,
    kind: type[Record],
    environment_id: str,
    *,
    limit: int,
    offset: int = 0,
    after: str | None = None,
) -> tuple[list[Record], int]:
    """Up to ``limit`` rows in creation order, after the id ``after`` and from ``offset``, and the total."""
    where = kind.environment_id == environment_id
    total = await session.scalar(select(func.count()).select_from(kind).where(where)) or 0
    query = select(kind).where(where)
    if after:
        query = query.where(kind.id > after)
    rows = await session.scalars(query.order_by(kind.id).offset(offset).limit(limit))
    return list(rows), total


async def many(session: AsyncSession, kind: type[Record], environment_id: str, ids: Collection[str]) -> list[Record]:
    """The rows among ``ids`` that exist in the environment (in no particular order)."""
    if not ids:
        return []
    query = select(kind).where(kind.environment_id == environment_id, kind.id.in_(list(ids)))
    return list(await session.scalars(query))


async def existing_ids(
    session: AsyncSession,
    kind: type[AccountUser] | type[Team] | type[Router],
    environment_id: str,
    ids: Collection[str],
) -> set[str]:
    if not ids:
        return set()
    query = select(kind.id).where(kind.environment_id == environment_id, kind.id.in_(list(ids)))
    return set(await session.scalars(query))


async def all_teams(session: AsyncSession, environment_id: str) -> list[Team]:
    return list(await session.scalars(select(Team).where(Team.environment_id == environment_id)))


async def all_routers(session: AsyncSession, environment_id: str) -> list[Router]:
    return list(await session.scalars(select(Router).where(Router.environment_id == environment_id)))
