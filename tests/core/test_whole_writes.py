"""``Database.run_write``: a whole write commits or leaves nothing, and takes turns with the sessions' writes."""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, make_url

from interlink.core.timeutil import utcnow
from interlink.services.hub import Hub
from interlink.store import idempotency as store
from interlink.store.tables import IdempotencyRecord
from tests.conftest import PG_ENV

KEYS = IdempotencyRecord.__table__


def _row(environment_id: str, key: str) -> dict[str, object]:
    now = utcnow()
    return {
        "environment_id": environment_id,
        "key": key,
        "fingerprint": "f",
        "owner": "o",
        "done": True,
        "status_code": 200,
        "body": "{}",
        "locked_until": now,
        "expires_at": now,
    }


def _count(conn: Connection, environment_id: str) -> int:
    return int(conn.execute(select(func.count()).where(KEYS.c.environment_id == environment_id)).scalar_one())


async def test_a_whole_write_commits_and_a_failing_one_leaves_nothing(hub: Hub) -> None:
    env = f"env_{secrets.token_hex(4)}"
    assert await hub.db.run_write(lambda conn: store.insert_done_in(conn, _row(env, "kept")))

    def fails(conn: Connection) -> None:
        store.insert_done_in(conn, _row(env, "lost"))
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        await hub.db.run_write(fails)
    assert await hub.db.run_read(lambda conn: store.peek(conn, env, "kept")) is not None
    assert await hub.db.run_read(lambda conn: store.peek(conn, env, "lost")) is None


@pytest.mark.skipif(bool(os.environ.get(PG_ENV)), reason="PostgreSQL runs writers side by side")
async def test_whole_writes_and_sessions_never_overlap_on_sqlite(hub: Hub) -> None:
    """Each writer counts the keys and adds the next one: any overlap would make two add the same key."""
    env = f"env_{secrets.token_hex(4)}"

    def next_key(conn: Connection) -> bool:
        return store.insert_done_in(conn, _row(env, str(_count(conn, env))))

    async def through_session() -> bool:
        async with hub.db.write() as session:
            return await session.run_sync(lambda s: next_key(s.connection()))

    added = await asyncio.gather(*(hub.db.run_write(next_key) if i % 2 else through_session() for i in range(24)))
    assert all(added)
    assert await hub.db.run_read(lambda conn: _count(conn, env)) == 24


@pytest.mark.skipif(bool(os.environ.get(PG_ENV)), reason="SQLite's file lock")
async def test_a_whole_write_waits_for_another_process_without_holding_up_the_loop(hub: Hub) -> None:
    """While another process holds SQLite's write lock the write keeps trying, and reads go on meanwhile."""
    env = f"env_{secrets.token_hex(4)}"
    path = make_url(hub.db.url).database
    assert path
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)  # another process's writer
    try:
        # in a thread: this loop's own writers (the session's worker) must go on to let it have the lock
        await asyncio.to_thread(other.execute, "BEGIN IMMEDIATE")
        write = asyncio.ensure_future(hub.db.run_write(lambda conn: store.insert_done_in(conn, _row(env, "late"))))
        for _ in range(3):
            await asyncio.sleep(0)  # let it try for the lock and find it taken
        assert await hub.db.run_read(lambda conn: _count(conn, env)) == 0  # the loop still serves reads
        assert not write.done()
        other.execute("COMMIT")
        assert await write
    finally:
        other.close()
    assert await hub.db.run_read(lambda conn: store.peek(conn, env, "late")) is not None
