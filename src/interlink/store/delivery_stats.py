"""Read-only queries behind the console's delivery views: recent attempts, last delivery, recent actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import Action, DeliveryAttempt, Message

AttemptRow = tuple[datetime, str, str | None, float | None]


async def attempts_since(session: AsyncSession, environment_id: str, since: datetime, limit: int) -> list[AttemptRow]:
    """(time, outcome, integration id, duration) of the environment's attempts since ``since``, newest first."""
    query = (
        select(
            DeliveryAttempt.created_at,
            DeliveryAttempt.outcome,
            DeliveryAttempt.integration_id,
            DeliveryAttempt.duration_ms,
        )
        .join(Message, Message.id == DeliveryAttempt.message_id)
        .where(Message.environment_id == environment_id, DeliveryAttempt.created_at >= since)
        .order_by(DeliveryAttempt.created_at.desc())
        .limit(limit)
    )
    return [(r[0], r[1], r[2], r[3]) for r in await session.execute(query)]


async def last_attempts(
    session: AsyncSession, environment_id: str, integration_ids: list[str]
) -> dict[str, tuple[datetime, str]]:
    """The newest attempt's time and outcome for each of ``integration_ids`` that has one."""
    if not integration_ids:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=DeliveryAttempt.integration_id, order_by=DeliveryAttempt.created_at.desc())
        .label("rank")
    )
    inner = (
        select(DeliveryAttempt.integration_id, DeliveryAttempt.created_at, DeliveryAttempt.outcome, rank)
        .join(Message, Message.id == DeliveryAttempt.message_id)
        .where(Message.environment_id == environment_id, DeliveryAttempt.integration_id.in_(integration_ids))
        .subquery()
    )
    query = select(inner.c.integration_id, inner.c.created_at, inner.c.outcome).where(inner.c.rank == 1)
    return {r[0]: (r[1], r[2]) for r in await session.execute(query)}


async def recent_actions(session: AsyncSession, environment_id: str, integration_id: str, limit: int) -> list[Action]:
    query = (
        select(Action)
        .where(Action.environment_id == environment_id, Action.integration_id == integration_id)
        .order_by(Action.created_at.desc(), Action.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(query))


async def attempts_through(
    session: AsyncSession, environment_id: str, integration_id: str, limit: int
) -> list[tuple[DeliveryAttempt, Message]]:
    """The latest attempts made through one integration, each with its message, newest first."""
    query = (
        select(DeliveryAttempt, Message)
        .join(Message, Message.id == DeliveryAttempt.message_id)
        .where(Message.environment_id == environment_id, DeliveryAttempt.integration_id == integration_id)
        .order_by(DeliveryAttempt.created_at.desc(), DeliveryAttempt.id.desc())
        .limit(limit)
    )
    return [(row[0], row[1]) for row in await session.execute(query)]
