"""Escalation steps as queue rows: claim due ones with a lease, finish them while still held, cancel per alert."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.paging_tables import EscalationStep

LIVE = ("queued", "running")


def _due(now: datetime) -> ColumnElement[bool]:
    """Queued steps whose time has come, or running ones whose lease ran out (their worker died)."""
    return or_(
        and_(EscalationStep.status == "queued", EscalationStep.run_at <= now),
        and_(EscalationStep.status == "running", EscalationStep.lease_until < now),
    )


async def claim(session: AsyncSession, owner: str, now: datetime, lease: timedelta, limit: int) -> list[EscalationStep]:
    """Lease up to ``limit`` due steps."""
    pick = select(EscalationStep.id).where(_due(now)).order_by(EscalationStep.run_at).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    statement = (
        update(EscalationStep)
        .where(EscalationStep.id.in_(pick.scalar_subquery()))
        .values(status="running", lease_owner=owner, lease_until=now + lease)
        .returning(EscalationStep)
        .execution_options(synchronize_session=False)
    )
    return list((await session.scalars(statement)).all())


async def held(session: AsyncSession, step_id: str, owner: str, *, lock: bool = True) -> EscalationStep | None:
    """The step if this owner still holds its lease (not cancelled, not taken over), locked unless told not to."""
    query = select(EscalationStep).where(
        EscalationStep.id == step_id, EscalationStep.lease_owner == owner, EscalationStep.status == "running"
    )
    if lock:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def cancel_for_alert(session: AsyncSession, alert_id: str, now: datetime) -> int:
    """Cancel every step of the alert that has not run; returns how many."""
    result = await session.execute(
        update(EscalationStep)
        .where(EscalationStep.alert_id == alert_id, EscalationStep.status.in_(LIVE))
        .values(status="cancelled", lease_owner=None, lease_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def for_alert(session: AsyncSession, alert_id: str) -> list[EscalationStep]:
    query = select(EscalationStep).where(EscalationStep.alert_id == alert_id)
    return list(await session.scalars(query.order_by(EscalationStep.created_at, EscalationStep.id)))


async def any_due(session: AsyncSession, now: datetime) -> bool:
    """A cheap read before taking the write lock: is any step due (or any lease expired)?"""
    return (await session.scalar(select(EscalationStep.id).where(_due(now)).limit(1))) is not None
