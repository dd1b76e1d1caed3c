"""Queries for idempotency keys; claiming a key relies on the primary key being unique."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store import plain_sql
from interlink.store.tables import IdempotencyRecord


async def get(session: AsyncSession, environment_id: str, key: str) -> IdempotencyRecord | None:
    return await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.environment_id == environment_id, IdempotencyRecord.key == key
        )
    )


_TABLE = IdempotencyRecord.__table__
_PEEK = select(_TABLE).where(
    _TABLE.c.environment_id == bindparam("environment_id"), _TABLE.c.key == bindparam("key")
)  # built once: its compiled form is cached


def peek(conn: Connection, environment_id: str, key: str) -> Row[Any] | None:
    """The key's row as it stands, read outside any write transaction."""
    found: Row[Any] | None = plain_sql.first_row(conn, _PEEK, {"environment_id": environment_id, "key": key})
    return found


async def insert(session: AsyncSession, record: IdempotencyRecord) -> bool:
    """Insert a new claim; False when the key is already taken."""
    try:
        async with session.begin_nested():
            session.add(record)
            await session.flush()
    except IntegrityError:
        return False
    return True


async def take_over(
    session: AsyncSession,
    environment_id: str,
    key: str,
    stale_owner: str,
    owner: str,
    fingerprint: str,
    locked_until: datetime,
    expires_at: datetime,
) -> bool:
    """Claim a key whose earlier owner stopped without finishing; False if someone else got it."""
    result = await session.execute(
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.environment_id == environment_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.owner == stale_owner,
            IdempotencyRecord.done.is_(False),
        )
        .values(owner=owner, fingerprint=fingerprint, locked_until=locked_until, expires_at=expires_at)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _finish(environment_id: str, key: str, owner: str, status_code: int, body: str) -> Any:
    return (
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.environment_id == environment_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.owner == owner,
            IdempotencyRecord.done.is_(False),
        )
        .values(done=True, status_code=status_code, body=body)
    )


async def finish(session: AsyncSession, environment_id: str, key: str, owner: str, status_code: int, body: str) -> bool:
    """Store the response of a claim this owner still holds; False if the claim was lost."""
    result = await session.execute(_finish(environment_id, key, owner, status_code, body))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def finish_in(conn: Connection, environment_id: str, key: str, owner: str, status_code: int, body: str) -> bool:
    """``finish`` within a whole write."""
    return conn.execute(_finish(environment_id, key, owner, status_code, body)).rowcount == 1


async def release(session: AsyncSession, environment_id: str, key: str, owner: str) -> None:
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.environment_id == environment_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.owner == owner,
            IdempotencyRecord.done.is_(False),
        )
    )


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at < now))
    return result.rowcount or 0  # type: ignore[attr-defined]


async def sealed(session: AsyncSession, prefix: str) -> list[IdempotencyRecord]:
    """Finished records whose stored response is encrypted (it holds one-time secrets)."""
    rows = await session.scalars(
        select(IdempotencyRecord).where(IdempotencyRecord.done.is_(True), IdempotencyRecord.body.startswith(prefix))
    )
    return list(rows)


_INSERT_DONE = {  # built once per dialect: their compiled forms are cached
    "postgresql": pg_insert(cast(Table, _TABLE)).on_conflict_do_nothing(),
    "sqlite": sqlite_insert(cast(Table, _TABLE)).on_conflict_do_nothing(),
}


async def insert_done(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Store a finished key in the work's own transaction; False when another request stored the key first."""
    statement = _INSERT_DONE["postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"]
    result = await session.execute(statement, values)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def insert_done_in(conn: Connection, values: dict[str, Any]) -> bool:
    """``insert_done`` within a whole write (``Database.run_write``)."""
    statement = _INSERT_DONE["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]
    return plain_sql.execute(conn, statement, values) == 1


def _drop(environment_id: str, key: str, owner: str) -> Any:
    return delete(IdempotencyRecord).where(
        IdempotencyRecord.environment_id == environment_id,
        IdempotencyRecord.key == key,
        IdempotencyRecord.owner == owner,
    )


async def drop(session: AsyncSession, environment_id: str, key: str, owner: str) -> None:
    """Remove an expired or abandoned key, as read before the work, so the work's answer can take its place."""
    await session.execute(_drop(environment_id, key, owner))


def drop_in(conn: Connection, environment_id: str, key: str, owner: str) -> None:
    """``drop`` within a whole write."""
    conn.execute(_drop(environment_id, key, owner))
