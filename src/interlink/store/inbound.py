"""Queries for receiving URLs and inbound events (the raw requests, which are their own queue rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.inbound_tables import InboundEvent, InboundHook
from interlink.store.tables import Integration

EVENTS = cast(Table, InboundEvent.__table__)


async def receiver(session: AsyncSession, integration_id: str) -> tuple[Integration, str] | None:
    """A live integration with a receiving URL, and its token; None for anything else."""
    query = (
        select(Integration, InboundHook.token)
        .join(InboundHook, InboundHook.integration_id == Integration.id)
        .where(Integration.id == integration_id, Integration.deleted.is_(False))
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def integrations_of(session: AsyncSession, ids: list[str]) -> dict[str, Integration]:
    """Integrations by id (deleted ones too: the caller decides)."""
    rows = await session.scalars(select(Integration).where(Integration.id.in_(ids)))
    return {row.id: row for row in rows}


async def set_token(session: AsyncSession, integration_id: str, token: str, now: datetime) -> None:
    found = await session.get(InboundHook, integration_id)
    if found is None:
        session.add(InboundHook(integration_id=integration_id, token=token, rotated_at=now))
    else:
        found.token = token
        found.rotated_at = now


async def add_many(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert raw requests in one statement (the intake's group commit)."""
    if rows:
        await session.execute(insert(EVENTS), rows)


async def claim(session: AsyncSession, owner: str, now: datetime, lease: timedelta, limit: int) -> list[InboundEvent]:
    """Lease due events: queued ones, or running ones whose lease ran out (their worker died)."""
    due = or_(
        and_(InboundEvent.status == "queued", InboundEvent.run_at <= now),
        and_(InboundEvent.status == "running", InboundEvent.lease_until < now),
    )
    pick = select(InboundEvent.id).where(due).order_by(InboundEvent.run_at, InboundEvent.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    statement = (
        update(InboundEvent)
        .where(InboundEvent.id.in_(pick.scalar_subquery()))
        .values(status="running", lease_owner=owner, lease_until=now + lease, attempts=InboundEvent.attempts + 1)
        .returning(InboundEvent)
        .execution_options(synchronize_session=False)
    )
    return list((await session.scalars(statement)).all())


async def still_held(session: AsyncSession, owner: str, ids: list[str]) -> set[str]:
    """The events of ``ids`` this owner still leases, locked until the transaction ends."""
    query = select(InboundEvent.id).where(
        InboundEvent.id.in_(ids), InboundEvent.lease_owner == owner, InboundEvent.status == "running"
    )
    return set(await session.scalars(query.with_for_update()))


async def finish(session: AsyncSession, outcomes: list[tuple[str, str, dict[str, Any]]], now: datetime) -> None:
    """Record each event's final status and result (``(id, status, result)``), in one statement."""
    if not outcomes:
        return
    table = EVENTS
    statement = (
        update(table)
        .where(table.c.id == bindparam("event_id"))
        .values(
            status=bindparam("new_status"),
            result=bindparam("new_result", type_=table.c.result.type),
            processed_at=now,
            lease_owner=None,
            lease_until=None,
        )
    )
    rows = [{"event_id": i, "new_status": status, "new_result": result} for i, status, result in outcomes]
    await session.execute(statement, rows)


async def release(session: AsyncSession, owner: str, ids: list[str]) -> None:
    if ids:
        await session.execute(
            update(InboundEvent)
            .where(InboundEvent.id.in_(ids), InboundEvent.lease_owner == owner, InboundEvent.status == "running")
            .values(status="queued", lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )


async def get(session: AsyncSession, environment_id: str, event_id: str) -> InboundEvent | None:
    return await session.scalar(
        select(InboundEvent).where(InboundEvent.environment_id == environment_id, InboundEvent.id == event_id)
    )


@dataclass(frozen=True)
class EventFilter:
    """What ``GET /v2/inbound-events`` may filter on."""

    integration_id: str | None = None
    outcome: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    trace_id: str | None = None


async def page(
    session: AsyncSession, environment_id: str, filters: EventFilter, *, before: str | None, limit: int
) -> list[InboundEvent]:
    """Newest first."""
    query = select(InboundEvent).where(InboundEvent.environment_id == environment_id)
    if filters.integration_id:
        query = query.where(InboundEvent.integration_id == filters.integration_id)
    if filters.outcome:
        query = query.where(InboundEvent.outcome == filters.outcome)
    if filters.status:
        query = query.where(InboundEvent.status == filters.status)
    if filters.since:
        query = query.where(InboundEvent.received_at >= filters.since)
    if filters.until:
        query = query.where(InboundEvent.received_at < filters.until)
    if filters.trace_id:
        query = query.where(InboundEvent.trace_id == filters.trace_id)
    if before:
        query = query.where(InboundEvent.id < before)
    return list(await session.scalars(query.order_by(InboundEvent.id.desc()).limit(limit)))
