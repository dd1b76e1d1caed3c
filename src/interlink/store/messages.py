"""Queries for messages, their delivery attempts and wakeups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.ids import new_id
from interlink.store.tables import DeliveryAttempt, Message

CHANNEL = "interlink_work"


async def notify(session: AsyncSession) -> None:
    """On PostgreSQL, tell listening workers in other processes that work is queued (sent at commit)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"NOTIFY {CHANNEL}"))


def notify_in(conn: Connection) -> None:
    """``notify`` within a whole write (``Database.run_write``)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"NOTIFY {CHANNEL}"))


def insert_rows_in(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert new messages (every column given, keyed by column name) in one executemany, without the ORM."""
    conn.execute(insert(Message.__table__), rows)  # type: ignore[arg-type]


async def get(session: AsyncSession, environment_id: str, message_id: str) -> Message | None:
    return await session.scalar(
        select(Message).where(Message.environment_id == environment_id, Message.id == message_id)
    )


async def add_attempts(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert delivery attempt rows (every column given) in one executemany, without the unit of work."""
    if rows:
        await session.execute(insert(DeliveryAttempt.__table__), rows)  # type: ignore[arg-type]


async def attempts(session: AsyncSession, message_id: str) -> list[DeliveryAttempt]:
    query = select(DeliveryAttempt).where(DeliveryAttempt.message_id == message_id)
    return list(await session.scalars(query.order_by(DeliveryAttempt.id)))


async def page(
    session: AsyncSession,
    environment_id: str,
    *,
    status: str | None,
    channel: str | None,
    integration_id: str | None,
    since: datetime | None,
    until: datetime | None,
    before: str | None,
    limit: int,
) -> list[Message]:
    """Newest first."""
    query = select(Message).where(Message.environment_id == environment_id)
    if status:
        query = query.where(Message.status == status)
    if channel:
        query = query.where(Message.channel == channel)
    if integration_id:
        query = query.where(Message.integration_id == integration_id)
    if since:
        query = query.where(Message.created_at >= since)
    if until:
        query = query.where(Message.created_at < until)
    if before:
        query = query.where(Message.id < before)
    return list(await session.scalars(query.order_by(Message.id.desc()).limit(limit)))


LOST = "the worker sending this stopped before recording the outcome; the receiver may have it (same message id)"


_MESSAGES = Message.__table__.c
_NOW = bindparam("now", type_=_MESSAGES.lease_until.type)
_RECOVER = (  # built once: it runs before every claim
    update(Message.__table__)  # type: ignore[arg-type]
    .where(_MESSAGES.status == "sending", _MESSAGES.lease_until < _NOW)
    .values(
        status="queued",
        run_at=_NOW,
        lease_owner=None,
        lease_until=None,
        attempts=_MESSAGES.attempts + 1,
    )
    .returning(_MESSAGES.id, _MESSAGES.attempts, _MESSAGES.trace_id)
)


async def recover_expired(session: AsyncSession, now: datetime) -> int:
    """Requeue messages whose worker died mid-send, counting and logging that try: it may have been delivered.

    Runs before a claim; a row lock makes a second worker's update skip rows the first already recovered.
    """
    lost = (await session.execute(_RECOVER, {"now": now})).all()
    session.add_all(
        DeliveryAttempt(
            id=new_id("att"),
            message_id=row.id,
            number=row.attempts,
            outcome="unknown",
            detail=LOST,
            trace_id=row.trace_id,
        )
        for row in lost
    )
    return len(lost)
