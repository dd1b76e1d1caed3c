"""Claiming and finishing queued rows (messages, actions, pull schedules) with leases.

PostgreSQL claims with ``FOR UPDATE SKIP LOCKED`` so many workers share the queue; SQLite has one
writer at a time, so a plain ``UPDATE … RETURNING`` inside the write transaction is already exclusive.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Integer, and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.pull_tables import PullJob
from interlink.store.tables import Action, Message

Row = TypeVar("Row", Message, Action, PullJob)


def _running_state(table: type[Row]) -> str:
    return "sending" if table is Message else "running"


async def claim(
    session: AsyncSession, table: type[Row], owner: str, now: datetime, lease: timedelta, limit: int
) -> list[Row]:
    """Lease up to ``limit`` due rows: queued ones whose time has come, or running ones whose lease ran out."""
    running = _running_state(table)
    due = or_(
        and_(table.status == "queued", table.run_at <= now),
        and_(table.status == running, table.lease_until < now),
    )
    pick = select(table.id).where(due).order_by(table.run_at).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    statement = (
        update(table)
        .where(table.id.in_(pick.scalar_subquery()))
        .values(status=running, lease_owner=owner, lease_until=now + lease)
        .returning(table)
        .execution_options(synchronize_session=False)
    )
    return list((await session.scalars(statement)).all())


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """The columns a delivery reads from a claimed message, as a plain value: no ORM identity or change tracking."""

    id: str
    environment_id: str
    channel: str
    requested_integration_id: str | None
    recipient: dict[str, Any]
    subject: str | None
    text: str | None
    html: str | None
    event_type: str | None
    payload: dict[str, Any]
    metadata_: dict[str, Any]
    attempts: int
    retries: int
    excluded: list[Any]
    last_error: str | None
    trace_id: str | None
    created_at: datetime


_MESSAGES = Message.__table__
_CLAIMED_COLUMNS = [Message.__mapper__.columns[f.name] for f in fields(ClaimedMessage)]


@cache
def _claim_messages_statement(postgres: bool) -> Any:
    """The message claim, built once per dialect so each run reuses its compiled form.

    Only queued rows: ``recover_expired`` runs first in the same transaction and requeues every expired lease,
    and without an ``OR`` the index on (status, run_at) yields the earliest rows in order instead of sorting
    every due row to pick a few.
    """
    t = _MESSAGES.c
    due = and_(t.status == "queued", t.run_at <= bindparam("now", type_=t.run_at.type))
    pick = select(t.id).where(due).order_by(t.run_at).limit(bindparam("limit", type_=Integer()))
    if postgres:
        pick = pick.with_for_update(skip_locked=True)
    return (
        update(_MESSAGES)  # type: ignore[arg-type]
        .where(t.id.in_(pick.scalar_subquery()))
        .values(
            status="sending",
            lease_owner=bindparam("owner", type_=t.lease_owner.type),
            lease_until=bindparam("until", type_=t.lease_until.type),
        )
        .returning(*_CLAIMED_COLUMNS)
    )


async def claim_messages(
    session: AsyncSession, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[ClaimedMessage]:
    """Lease up to ``limit`` queued messages due by ``now``, returning only the columns a delivery needs.

    Call ``messages.recover_expired`` first in the same transaction: expired leases are requeued there.
    """
    statement = _claim_messages_statement(session.get_bind().dialect.name == "postgresql")
    rows = await session.execute(statement, {"now": now, "limit": limit, "owner": owner, "until": now + lease})
    return [ClaimedMessage(*row) for row in rows]


@cache
def _held_statement(table: Any, postgres: bool) -> Any:
    """Which of some rows this owner still holds, locking them; built once per table and dialect."""
    t = table.__table__.c
    ids: Any = bindparam("ids", expanding=True)
    query = select(t.id).where(t.id.in_(ids), t.lease_owner == bindparam("owner"), t.status == _running_state(table))
    return query.with_for_update() if postgres else query


@cache
def _finish_statement(table: Any, keys: tuple[str, ...]) -> Any:
    """The update for one shape of change, built once so an executemany of it reuses its compiled form."""
    columns = table.__table__.c
    return (
        update(table.__table__)
        .where(columns.id == bindparam("row_id"))
        .values({key: bindparam(f"new_{key}", type_=columns[key].type) for key in keys})
    )


async def finish_many(session: AsyncSession, table: type[Row], owner: str, changes: list[dict[str, Any]]) -> set[str]:
    """Apply each row's changes if this owner still holds its lease; returns the ids it still held.

    One locking read finds the rows still held, then one executemany per shape of change writes them.
    """
    if not changes:
        return set()
    ids = [change["id"] for change in changes]
    held_query = _held_statement(table, session.get_bind().dialect.name == "postgresql")
    held = set(await session.scalars(held_query, {"ids": ids, "owner": owner}))
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        if change["id"] in held:
            groups[tuple(sorted(k for k in change if k != "id"))].append(change)
    for keys, rows in groups.items():
        names = [(k, f"new_{k}") for k in keys]
        params = [{"row_id": r["id"], **{name: r[k] for k, name in names}} for r in rows]
        await session.execute(_finish_statement(table, keys), params)
    return held


async def release(session: AsyncSession, table: type[Row], owner: str, ids: list[str]) -> None:
    """Hand unfinished rows back to the queue at once (graceful shutdown)."""
    if ids:
        await session.execute(
            update(table)
            .where(table.id.in_(ids), table.lease_owner == owner, table.status == _running_state(table))
            .values(status="queued", lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )


async def next_due(session: AsyncSession, table: type[Row]) -> datetime | None:
    """When the earliest queued row becomes due, to sleep until then."""
    first = select(table.run_at).where(table.status == "queued").order_by(table.run_at).limit(1)
    return await session.scalar(first)  # a seek on the queue index; min() may read every queued row's entry
