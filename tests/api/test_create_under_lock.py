"""On PostgreSQL a create locks its channel, places itself and inserts in one statement; a channel that loses
its primary while the create waits for the lock still gets the create placed as its primary."""

from __future__ import annotations

import asyncio
import os

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.api.helpers import URL, body_of, create
from tests.api.test_primary import CONDITIONS, primaries
from tests.conftest import PG_ENV, Tenant

pytestmark = pytest.mark.skipif(not os.environ.get(PG_ENV), reason="the channel lock is PostgreSQL's")

LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('interlink.integrations:' || $1 || ':email', 0))"
WAITING = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = $1::oid"


async def _connect(database_url: str) -> asyncpg.Connection:
    url = make_url(database_url)
    return await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
    )


async def _until_a_create_waits(conn: asyncpg.Connection) -> None:
    """Wait until another backend queues for an advisory lock of this database (the create's statement)."""
    oid = await conn.fetchval("SELECT oid FROM pg_database WHERE datname = current_database()")
    async with asyncio.timeout(10):
        while not await conn.fetchval(WAITING, oid):
            await asyncio.sleep(0.01)


async def test_a_create_waiting_while_the_primary_goes_away_becomes_the_primary(
    client, tenant: Tenant, database_url: str
) -> None:
    conditional = await create(client, tenant, "sendgrid", name="Pro mail", conditions=CONDITIONS)
    primary = await create(client, tenant, "smtp", name="Main relay")
    holder = await _connect(database_url)
    try:
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute(LOCK, tenant.env_id)
        pending = asyncio.create_task(client.post(URL, json=body_of("sendgrid", name="New"), headers=tenant.headers))
        await _until_a_create_waits(holder)  # it read "the channel has a primary" and queued for the lock
        await holder.execute("UPDATE integrations SET active = false, is_primary = false WHERE id = $1", primary["id"])
        await transaction.commit()
        response = await pending
    finally:
        await holder.close()

    assert response.status_code == 201, response.text
    new = response.json()
    assert (new["primary"], new["priority"]) == (True, 2)
    assert await primaries(client, tenant, "email") == {
        new["id"]: (True, 2),
        conditional["id"]: (False, 1),
        primary["id"]: (False, 0),
    }


async def test_creates_racing_in_one_channel_take_contiguous_ranks_below_the_primary(client, tenant: Tenant) -> None:
    primary = await create(client, tenant, "sendgrid", name="Main")

    answers = await asyncio.gather(
        *(client.post(URL, json=body_of("smtp", name=f"Relay {i}"), headers=tenant.headers) for i in range(8))
    )

    assert [(a.status_code, a.json()["primary"], a.json()["priority"]) for a in answers] == [(201, False, 1)] * 8
    state = await primaries(client, tenant, "email")
    assert state[primary["id"]] == (True, 9)
    assert sorted(priority for _, priority in state.values()) == list(range(1, 10))
