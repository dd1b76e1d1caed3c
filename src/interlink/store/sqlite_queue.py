"""The worker's message claim and finish on SQLite, each one ``Database.run_write`` on the driver's cursor.

Through the async engine every statement is a thread hop and every row's values pass SQLAlchemy's bind and
result processors. Here values are rendered once as the column types store them and the statements go
straight to sqlite3, on the event loop, in the database's writer turn and with its non-blocking lock wait
(measured: in a thread each SQLite step waited for the GIL while deliveries ran, six times longer).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any, TypeVar

import orjson
from sqlalchemy import JSON
from sqlalchemy.engine import Connection, make_url

from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.store.database import Database
from interlink.store.messages import LOST
from interlink.store.queue import ClaimedMessage
from interlink.store.tables import DeliveryAttempt, Message
from interlink.store.types import UTCDateTime

T = TypeVar("T")
_CLAIMED = [Message.__mapper__.columns[f.name].name for f in fields(ClaimedMessage)]
_JSON_AT = {i for i, name in enumerate(_CLAIMED) if name in ("recipient", "payload", "metadata", "excluded")}
_CREATED = _CLAIMED.index("created_at")
_ATTEMPT_COLUMNS = [c.name for c in DeliveryAttempt.__table__.columns]
_MESSAGE_COLUMNS = set(Message.__table__.columns.keys())
_TIMES = {
    c.name for t in (Message.__table__, DeliveryAttempt.__table__) for c in t.columns if isinstance(c.type, UTCDateTime)
}
_JSONS = {c.name for t in (Message.__table__, DeliveryAttempt.__table__) for c in t.columns if isinstance(c.type, JSON)}

_RECOVER = (
    "UPDATE messages SET status = 'queued', run_at = ?, lease_owner = NULL, lease_until = NULL, "
    "attempts = attempts + 1 WHERE status = 'sending' AND lease_until < ? RETURNING id, attempts, trace_id"
)
_CLAIM = (
    "UPDATE messages SET status = 'sending', lease_owner = ?, lease_until = ? WHERE id IN "
    "(SELECT id FROM messages WHERE status = 'queued' AND run_at <= ? ORDER BY run_at LIMIT ?) "
    f"RETURNING {', '.join(_CLAIMED)}"
)
_HELD = "WHERE id = ? AND lease_owner = ? AND status = 'sending'"  # still leased by this worker
_INSERT_ATTEMPT = (
    f"INSERT INTO delivery_attempts ({', '.join(_ATTEMPT_COLUMNS)}) VALUES ({', '.join('?' * len(_ATTEMPT_COLUMNS))})"
)

_NEW_MESSAGE_COLUMNS = [c.name for c in Message.__table__.columns]
_INSERT_MESSAGE = (
    f"INSERT INTO messages ({', '.join(_NEW_MESSAGE_COLUMNS)}) VALUES ({', '.join('?' * len(_NEW_MESSAGE_COLUMNS))})"
)


def stored_time(value: datetime) -> str:
    """A timestamp as the UTC datetime columns store it on SQLite (the text SQLAlchemy writes for them)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def stored_messages(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """New messages (every column, keyed by name) as their columns store them, rendered before a write's lock."""
    return [tuple(values) for values in _Rows().render(_NEW_MESSAGE_COLUMNS, rows)]


def insert_stored_in(conn: Connection, stored: list[tuple[Any, ...]]) -> None:
    """Insert ``stored_messages`` in one executemany within a whole write, with no per-row bind processing."""
    conn.exec_driver_sql(_INSERT_MESSAGE, stored)


class _Rows:
    """Rows of values as their columns store them: timestamps and JSON as text, the rest as they are.

    Names are looked up once per shape of row, and a timestamp many rows share (a batch's attempts were
    settled at a few instants) is rendered once.
    """

    def __init__(self) -> None:
        self._times: dict[datetime, str] = {}

    def render(self, names: list[str], rows: list[dict[str, Any]]) -> list[list[Any]]:
        get = itemgetter(*names)
        times = [i for i, name in enumerate(names) if name in _TIMES]
        jsons = [i for i, name in enumerate(names) if name in _JSONS]
        known = self._times
        out = []
        for row in rows:
            try:
                values = list(get(row)) if len(names) > 1 else [get(row)]
            except KeyError:  # a column left out is NULL
                values = [row.get(name) for name in names]
            for i in times:
                value = values[i]
                if value is not None:
                    text = known.get(value)
                    if text is None:
                        text = known[value] = stored_time(value)
                    values[i] = text
            for i in jsons:
                if values[i] is not None:
                    values[i] = json.dumps(values[i])  # what the engine's JSON columns write
            out.append(values)
        return out


def _json(text: str | None) -> Any:
    """A JSON column's value, read as the engine reads it."""
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # a value only Python's reader takes (NaN from an older row)


def _read_time(text: str) -> datetime:
    """A stored timestamp as the aware UTC value the column type reads back."""
    parsed = datetime.fromisoformat(text)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _claimed(row: tuple[Any, ...]) -> ClaimedMessage:
    values = list(row)
    for i in _JSON_AT:
        values[i] = _json(values[i])
    values[_CREATED] = _read_time(values[_CREATED])
    return ClaimedMessage(*values)


class SqliteQueue:
    """A worker's claims and finishes as whole writes on the driver; ``of`` gives None where it does not apply."""

    def __init__(self, db: Database, path: str) -> None:
        self.db, self.path = db, path

    @classmethod
    def of(cls, db: Database) -> SqliteQueue | None:
        """One for a SQLite file; None for PostgreSQL or an in-memory database (the engine path serves those)."""
        if not db.is_sqlite:
            return None
        database = make_url(db.url).database
        if not database or database == ":memory:" or "mode=memory" in db.url:
            return None
        return cls(db, database)

    async def _run(self, work: Callable[[sqlite3.Cursor], T]) -> T:
        """Run ``work`` on the driver's cursor as one ``Database.run_write`` (see the module's note)."""

        def on_driver(conn: Connection) -> T:
            driver: Any = conn.connection.driver_connection
            cursor = driver.cursor()
            try:
                return work(cursor)
            finally:
                cursor.close()

        return await self.db.run_write(on_driver)

    async def claim(self, owner: str, now: datetime, lease: timedelta, limit: int) -> list[ClaimedMessage]:
        """Requeue expired leases (each counted and logged as an attempt of unknown outcome), then lease due rows."""
        at, until, logged = stored_time(now), stored_time(now + lease), utcnow()

        def work(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
            lost = cursor.execute(_RECOVER, (at, at)).fetchall()
            if lost:
                cursor.executemany(
                    _INSERT_ATTEMPT,
                    _Rows().render(
                        _ATTEMPT_COLUMNS, [_lost_attempt(m, number, trace, logged) for m, number, trace in lost]
                    ),
                )
            return cursor.execute(_CLAIM, (owner, until, at, limit)).fetchall()

        return [_claimed(row) for row in await self._run(work)]

    async def finish(self, owner: str, changes: list[dict[str, Any]], attempts: list[dict[str, Any]]) -> int:
        """Apply each message's changes where ``owner`` still holds it and log the attempts; returns the rows written.

        Each change has ``id`` and column names (all of the ``messages`` table); attempts give every column.
        The lease is checked by each row's own update (a row another worker recovered and reclaimed is not
        written), not by a separate read of the ids first.
        """
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for change in changes:
            groups[tuple(change)].append(change)  # one shape per way a delivery ends: its keys come in one order
        values = _Rows()
        shaped = []
        for shape, rows in groups.items():
            keys = [k for k in shape if k != "id"]
            unknown = set(keys) - _MESSAGE_COLUMNS
            if unknown:
                raise ValueError(f"not columns of messages: {sorted(unknown)}")
            sql = f"UPDATE messages SET {', '.join(f'{k} = ?' for k in keys)} {_HELD}"
            rendered = values.render([*keys, "id"], rows)
            for row in rendered:
                row.append(owner)
            shaped.append((sql, rendered))
        attempt_rows = values.render(_ATTEMPT_COLUMNS, attempts)

        def work(cursor: sqlite3.Cursor) -> int:
            written = 0
            for sql, rows in shaped:
                cursor.executemany(sql, rows)
                written += cursor.rowcount
            if attempt_rows:
                cursor.executemany(_INSERT_ATTEMPT, attempt_rows)
            return written

        return await self._run(work) if changes or attempt_rows else 0


def _lost_attempt(message_id: str, number: int, trace_id: str | None, logged: datetime) -> dict[str, Any]:
    return {
        "id": new_id("att"),
        "message_id": message_id,
        "number": number,
        "outcome": "unknown",
        "detail": LOST,
        "trace_id": trace_id,
        "created_at": logged,
    }
