"""Deliveries that find the integration cache stale together share one reload, and a fresh look sees new ones."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from interlink.services.delivery import IntegrationCache
from interlink.services.hub import Hub
from tests.conftest import Tenant


@contextmanager
def integration_reads(hub: Hub) -> Iterator[list[str]]:
    """The statements reading the integrations table, as the read engine runs them."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM integrations" in statement:
            seen.append(statement)

    engine = hub.db.read_engine.sync_engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


async def create_hook(client, tenant: Tenant, name: str) -> str:
    body = {"name": name, "type": "webhook", "properties": {"url": "http://127.0.0.1:9/in"}}
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_concurrent_lookups_of_a_stale_entry_read_the_database_once(hub: Hub, client, tenant: Tenant) -> None:
    hook = await create_hook(client, tenant, "one")
    cache = IntegrationCache(hub, ttl=60)
    with integration_reads(hub) as reads:
        found = await asyncio.gather(*(cache.routes(tenant.env_id, "webhook") for _ in range(50)))
    assert len(reads) == 1
    assert all([r.integration.id for r in routes] == [hook] for routes in found)
    assert found[0][0].scrubber is not None


async def test_a_fresh_lookup_reloads_and_sees_an_integration_created_since(hub: Hub, client, tenant: Tenant) -> None:
    first = await create_hook(client, tenant, "first")
    cache = IntegrationCache(hub, ttl=60)
    assert [r.integration.id for r in await cache.routes(tenant.env_id, "webhook")] == [first]
    second = await create_hook(client, tenant, "second")
    assert [r.integration.id for r in await cache.routes(tenant.env_id, "webhook")] == [first]  # within the ttl
    with integration_reads(hub) as reads:
        fresh = await asyncio.gather(*(cache.routes(tenant.env_id, "webhook", fresh=True) for _ in range(10)))
    assert len(reads) == 1
    assert all(sorted(r.integration.id for r in routes) == sorted([first, second]) for routes in fresh)
    assert sorted(r.integration.id for r in await cache.routes(tenant.env_id, "webhook")) == sorted([first, second])


async def test_a_failed_reload_reaches_every_waiter_and_the_next_lookup_tries_again(hub: Hub, tenant: Tenant) -> None:
    cache = IntegrationCache(hub, ttl=60)
    engine = hub.db.read_engine.sync_engine
    failures = 0

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        nonlocal failures
        if "FROM integrations" in statement and failures == 0:
            failures += 1
            raise RuntimeError("the database is away")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        outcomes = await asyncio.gather(
            *(cache.routes(tenant.env_id, "webhook") for _ in range(5)), return_exceptions=True
        )
        assert all(isinstance(o, Exception) for o in outcomes)
        assert await cache.routes(tenant.env_id, "webhook") == []
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
