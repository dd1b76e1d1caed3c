"""Queries for integrations; every one is scoped to an environment and skips deleted rows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import Integration


@dataclass(frozen=True)
class IntegrationFilter:
    """What a list of integrations may be narrowed by."""

    direction: str | None = None
    channel: str | None = None
    type: str | None = None
    active: bool | None = None
    search: str | None = None


def _live(environment_id: str):  # type: ignore[no-untyped-def]
    return select(Integration).where(Integration.environment_id == environment_id, Integration.deleted.is_(False))


async def get(
    session: AsyncSession, environment_id: str, integration_id: str, *, for_update: bool = False
) -> Integration | None:
    query = _live(environment_id).where(Integration.id == integration_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    found: Integration | None = await session.scalar(query)
    return found


async def top_active(session: AsyncSession, environment_id: str, channel: str, other_than: str) -> Integration | None:
    """The channel's active integration with the highest priority, leaving out ``other_than``."""
    query = _live(environment_id).where(
        Integration.channel == channel, Integration.active.is_(True), Integration.id != other_than
    )
    found: Integration | None = await session.scalar(
        query.order_by(Integration.priority.desc(), Integration.id).limit(1)
    )
    return found


async def shift_priorities(session: AsyncSession, environment_id: str, channel: str, other_than: str) -> None:
    """Raise every other active integration of the channel by one, in a single statement."""
    await session.execute(
        update(Integration)
        .where(
            Integration.environment_id == environment_id,
            Integration.channel == channel,
            Integration.deleted.is_(False),
            Integration.active.is_(True),
            Integration.id != other_than,
        )
        .values(priority=Integration.priority + 1)
        .execution_options(synchronize_session=False)
    )


async def has_primary(session: AsyncSession, environment_id: str, channel: str) -> bool:
    query = _live(environment_id).where(Integration.channel == channel, Integration.is_primary.is_(True))
    return await session.scalar(select(query.exists())) or False


async def lock_channel(session: AsyncSession, environment_id: str, channel: str) -> None:
    """Serialize changes to one channel's primary and priorities until the transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite already runs one writer at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"),
            {"name": f"interlink.integrations:{environment_id}:{channel}"},
        )


async def by_identifier(session: AsyncSession, environment_id: str, identifier: str) -> Integration | None:
    found: Integration | None = await session.scalar(_live(environment_id).where(Integration.identifier == identifier))
    return found


def _escape_like(text: str) -> str:
    """Make ``%``, ``_`` and the escape character match themselves in a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def page(
    session: AsyncSession, environment_id: str, filters: IntegrationFilter, *, after: str | None, limit: int
) -> tuple[list[Integration], int]:
    """Up to ``limit + 1`` rows in id order (an extra row means a next page), and the total matching."""
    query = _live(environment_id)
    if filters.direction:
        query = query.where(Integration.direction == filters.direction)
    if filters.channel:
        query = query.where(Integration.channel == filters.channel)
    if filters.type:
        query = query.where(Integration.type == filters.type)
    if filters.active is not None:
        query = query.where(Integration.active.is_(filters.active))
    if filters.search:
        like = f"%{_escape_like(filters.search.lower())}%"
        query = query.where(
            or_(
                func.lower(Integration.name).like(like, escape="\\"),
                func.lower(Integration.identifier).like(like, escape="\\"),
            )
        )
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if after:
        query = query.where(Integration.id > after)
    rows = list(await session.scalars(query.order_by(Integration.id).limit(limit + 1)))
    return rows, total


async def all_live(
    session: AsyncSession, environment_id: str, *, active_only: bool = False, limit: int | None = None
) -> list[Integration]:
    query = _live(environment_id)
    if active_only:
        query = query.where(Integration.active.is_(True))
    return list(await session.scalars(query.order_by(Integration.id).limit(limit)))


async def in_channel(session: AsyncSession, environment_id: str, channel: str) -> list[Integration]:
    """Live integrations of a channel, highest priority first."""
    query = _live(environment_id).where(Integration.channel == channel)
    return list(await session.scalars(query.order_by(Integration.priority.desc(), Integration.id)))


async def clear_primary(session: AsyncSession, environment_id: str, channel: str, keep: str | None = None) -> None:
    query = update(Integration).where(
        Integration.environment_id == environment_id,
        Integration.channel == channel,
        Integration.is_primary.is_(True),
    )
    if keep:
        query = query.where(Integration.id != keep)
    await session.execute(query.values(is_primary=False))
    await session.flush()


async def with_credentials(session: AsyncSession) -> list[Integration]:
    """Every integration, deleted ones too, that holds encrypted credentials (for key rotation)."""
    return list(await session.scalars(select(Integration).where(Integration.credentials.is_not(None))))


async def of_types(session: AsyncSession, types: Collection[str]) -> list[Integration]:
    """Every integration, deleted ones included, of the given types (for one-off migrations of stored values)."""
    if not types:
        return []
    return list(await session.scalars(select(Integration).where(Integration.type.in_(list(types)))))
