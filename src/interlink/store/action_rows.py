"""SQL for pull actions: claim one named action, check and extend its lease, record progress, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import Action


async def claim_one(
    session: AsyncSession, action_id: str, owner: str, now: datetime, lease: timedelta
) -> Action | None:
    """Lease one queued action to ``owner`` (None if another worker has it or it is done)."""
    statement = (
        update(Action)
        .where(Action.id == action_id, Action.status == "queued")
        .values(status="running", lease_owner=owner, lease_until=now + lease)
        .returning(Action)
        .execution_options(synchronize_session=False)
    )
    return (await session.scalars(statement)).first()


async def held(session: AsyncSession, action_id: str, owner: str | None) -> bool:
    """Whether ``owner`` still runs the action, locking the row until the transaction ends."""
    query = select(Action.id).where(Action.id == action_id, Action.lease_owner == owner, Action.status == "running")
    return (await session.scalar(query.with_for_update())) is not None


async def progress(
    session: AsyncSession, action_id: str, result: dict[str, Any], lease_until: datetime, now: datetime
) -> None:
    await session.execute(
        update(Action)
        .where(Action.id == action_id)
        .values(result=result, lease_until=lease_until, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def cancel(session: AsyncSession, action_id: str, now: datetime) -> bool:
    """Cancel a queued or running action; False when it had already ended."""
    result = await session.execute(
        update(Action)
        .where(Action.id == action_id, Action.status.in_(("queued", "running")))
        .values(status="cancelled", lease_owner=None, lease_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
