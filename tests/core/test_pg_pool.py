"""The PostgreSQL pool pings a connection only after it sat idle, and a dead one is replaced, not used."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError

from interlink.store import database
from interlink.store.database import Database
from tests.conftest import PG_ENV

pytestmark = pytest.mark.skipif(not os.environ.get(PG_ENV), reason="needs PostgreSQL")


def _pid(conn: Connection) -> int:
    return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


async def _terminate(pid: int) -> None:
    """End a backend from outside, as a database restart or an idle timeout would."""
    url = make_url(os.environ[PG_ENV])
    other = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, database=url.database
    )
    try:
        assert await other.fetchval("SELECT pg_terminate_backend($1)", pid) is True
    finally:
        await other.close()


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    opened = Database(os.environ[PG_ENV])
    yield opened
    await opened.dispose()


async def test_a_connection_killed_while_idle_is_replaced_before_use(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.0)  # every given-back connection counts as idle
    first = await db.run_read(_pid)
    await _terminate(first)
    second = await db.run_read(_pid)  # the ping found it dead: a fresh connection answers
    assert second != first


async def test_a_connection_used_a_moment_ago_is_not_pinged_and_a_dead_one_fails_once(db: Database) -> None:
    first = await db.run_read(_pid)
    await _terminate(first)
    with pytest.raises(DBAPIError):  # not pinged: it was given back a moment ago
        await db.run_read(_pid)
    assert await db.run_read(_pid) != first  # the failure invalidated the pool: the next read connects afresh
