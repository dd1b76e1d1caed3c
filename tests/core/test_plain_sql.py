"""Statements run straight on the driver store what SQLAlchemy would store, and fail as SQLAlchemy fails."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Table, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from interlink.core.ids import new_id
from interlink.services.hub import Hub
from interlink.store import plain_sql
from interlink.store.tables import AuditEvent

EVENTS: Table = AuditEvent.__table__  # type: ignore[assignment]
INSERT = insert(EVENTS)


def _event(**changes: Any) -> dict[str, Any]:
    return {
        "id": new_id("aud"),
        "organization_id": None,
        "environment_id": new_id("env"),
        "actor": "test",
        "action": "thing.done",
        "target_type": "thing",
        "target_id": new_id("thg"),
        "changes": changes,
        "trace_id": None,
        "created_at": datetime(2026, 11, 27, 3, 4, 5, 678901, tzinfo=UTC),
    }


def _stored(conn: Connection, event_id: str) -> tuple[Any, ...]:
    row = conn.execute(select(EVENTS).where(EVENTS.c.id == event_id)).one()
    return tuple(row)


async def test_a_plain_insert_reads_back_exactly_as_one_through_sqlalchemy(hub: Hub) -> None:
    changes = {"nested": {"list": [1, "two", None]}, "flag": True}
    plain, usual = _event(**changes), _event(**changes)

    def write(conn: Connection) -> int:
        conn.execute(INSERT, usual)
        return plain_sql.execute(conn, INSERT, plain)

    assert await hub.db.run_write(write) == 1
    got_plain = await hub.db.run_read(lambda conn: _stored(conn, plain["id"]))
    got_usual = await hub.db.run_read(lambda conn: _stored(conn, usual["id"]))
    differing = {"id", "environment_id", "target_id"}
    columns = [c.name for c in EVENTS.columns]
    assert {c: v for c, v in zip(columns, got_plain, strict=True) if c not in differing} == {
        c: v for c, v in zip(columns, got_usual, strict=True) if c not in differing
    }
    assert got_plain[columns.index("created_at")] == plain["created_at"]


async def test_a_plain_insert_that_breaks_a_constraint_raises_integrity_error_and_stores_nothing(hub: Hub) -> None:
    first = _event()
    await hub.db.run_write(lambda conn: plain_sql.execute(conn, INSERT, first))
    again = {**_event(note="second"), "id": first["id"]}

    with pytest.raises(IntegrityError):
        await hub.db.run_write(lambda conn: plain_sql.execute(conn, INSERT, again))

    stored = await hub.db.run_read(lambda conn: _stored(conn, first["id"]))
    assert stored[[c.name for c in EVENTS.columns].index("changes")] == {}
