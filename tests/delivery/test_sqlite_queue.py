"""The worker's one-call claim and finish on SQLite: same rows and stored text, leases kept, lost tries logged."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from interlink.core.settings import Settings
from interlink.services import integrations, messages, tenants
from interlink.services.caller import Caller
from interlink.services.hub import Hub, open_hub
from interlink.store.messages import LOST
from interlink.store.sqlite_queue import SqliteQueue, stored_time
from interlink.store.tables import DeliveryAttempt, Message
from interlink.store.types import UTCDateTime


@pytest.fixture
async def own(tmp_path: Path, settings: Settings) -> AsyncIterator[tuple[Hub, Caller, SqliteQueue]]:
    """A hub on a SQLite file of its own, so the suite's worker cannot claim these messages."""
    mine = replace(settings, data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///{tmp_path / 'queue.db'}")
    hub = await open_hub(mine)
    queue = SqliteQueue.of(hub.db)
    assert queue is not None
    try:
        org, envs = await tenants.create_organization(hub, "queue test")
        caller = Caller(org.id, envs[0].id, "test", frozenset({"read", "write"}))
        target = integrations.IntegrationDraft(type="webhook", name="target", properties={"url": "http://127.0.0.1:9/"})
        await integrations.create(hub, caller, target)
        yield hub, caller, queue
    finally:
        await hub.close()


def test_timestamps_are_stored_as_the_engine_stores_them() -> None:
    dialect = sqlite.dialect()
    engine_form = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert engine_form is not None
    for value in (
        datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=UTC),
        datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),
        datetime(2026, 3, 4, 23, 30, tzinfo=UTC).astimezone(tz=None),
        datetime(2026, 3, 4, 5, 6, 7, 123456),
    ):
        assert stored_time(value) == engine_form(value)


async def _accept(hub: Hub, caller: Caller, count: int) -> list[str]:
    drafts = [messages.MessageDraft(channel="webhook", payload={"n": n}, metadata={"k": "v"}) for n in range(count)]
    answer = await messages.accept(hub, caller, drafts, batch=True)
    return [item.id for item in answer]


async def test_claim_leases_due_rows_in_order_and_reads_them_back(own: tuple[Hub, Caller, SqliteQueue]) -> None:
    hub, caller, queue = own
    ids = await _accept(hub, caller, 5)
    now = datetime.now(UTC) + timedelta(seconds=1)
    first = await queue.claim("wrk_a", now, timedelta(seconds=60), 3)
    rest = await queue.claim("wrk_b", now, timedelta(seconds=60), 10)
    assert sorted(m.id for m in first + rest) == sorted(ids) and len(first) == 3
    claimed = first[0]
    assert claimed.payload["n"] in range(5) and claimed.metadata_ == {"k": "v"} and claimed.excluded == []
    assert claimed.created_at.tzinfo is not None and claimed.attempts == 0
    assert await queue.claim("wrk_c", now, timedelta(seconds=60), 10) == []
    async with hub.db.read() as session:
        rows = (await session.scalars(select(Message).where(Message.id.in_(ids)))).all()
    assert {r.status for r in rows} == {"sending"}
    assert {r.lease_owner for r in rows} == {"wrk_a", "wrk_b"}


async def test_finish_writes_only_rows_still_held_and_logs_attempts(own: tuple[Hub, Caller, SqliteQueue]) -> None:
    hub, caller, queue = own
    ids = await _accept(hub, caller, 2)
    now = datetime.now(UTC) + timedelta(seconds=1)
    await queue.claim("wrk_a", now, timedelta(seconds=60), 1)
    await queue.claim("wrk_b", now, timedelta(seconds=60), 1)
    async with hub.db.read() as session:
        mine = await session.scalar(select(Message.id).where(Message.id.in_(ids), Message.lease_owner == "wrk_a"))
    other = next(i for i in ids if i != mine)
    done = {"status": "delivered", "attempts": 1, "excluded": ["int_x"], "updated_at": now, "delivered_at": now}
    changes = [{"id": i, **done, "lease_owner": None, "lease_until": None} for i in ids]
    attempt = {"id": "att_direct", "message_id": mine, "number": 1, "outcome": "delivered", "created_at": now}
    assert await queue.finish("wrk_a", changes, [attempt]) == 1
    async with hub.db.read() as session:
        rows = {r.id: r for r in (await session.scalars(select(Message).where(Message.id.in_(ids)))).all()}
        logged = await session.get(DeliveryAttempt, "att_direct")
    assert rows[mine].status == "delivered" and rows[mine].excluded == ["int_x"] and rows[mine].delivered_at == now
    assert rows[other].status == "sending" and rows[other].lease_owner == "wrk_b", "another worker's lease is kept"
    assert logged is not None and logged.created_at == now and logged.outcome == "delivered"
    with pytest.raises(ValueError):
        await queue.finish("wrk_b", [{"id": other, "no_such_column": 1}], [])


async def test_an_expired_lease_is_requeued_and_its_try_logged(own: tuple[Hub, Caller, SqliteQueue]) -> None:
    hub, caller, queue = own
    [mid] = await _accept(hub, caller, 1)
    now = datetime.now(UTC) + timedelta(seconds=1)
    await queue.claim("wrk_dead", now, timedelta(seconds=5), 1)
    later = now + timedelta(seconds=10)
    [again] = await queue.claim("wrk_alive", later, timedelta(seconds=60), 1)
    assert again.id == mid and again.attempts == 1
    async with hub.db.read() as session:
        lost = (await session.scalars(select(DeliveryAttempt).where(DeliveryAttempt.message_id == mid))).all()
        row = await session.get(Message, mid)
    assert [(a.outcome, a.number, a.detail) for a in lost] == [("unknown", 1, LOST)]
    assert row is not None and row.lease_owner == "wrk_alive" and row.status == "sending"


async def test_a_claim_waits_for_another_process_holding_the_lock(own: tuple[Hub, Caller, SqliteQueue]) -> None:
    hub, caller, queue = own
    [mid] = await _accept(hub, caller, 1)
    other = sqlite3.connect(queue.path, isolation_level=None, check_same_thread=False)  # another process's writer
    try:
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.5, other.execute, ("COMMIT",))
        release.start()
        started = time.monotonic()
        [claimed] = await queue.claim("wrk_a", datetime.now(UTC) + timedelta(seconds=1), timedelta(seconds=60), 1)
        waited = time.monotonic() - started
        release.join()
    finally:
        other.close()
    assert claimed.id == mid
    assert waited >= 0.4, "the claim took the lock once the other writer let it go"
