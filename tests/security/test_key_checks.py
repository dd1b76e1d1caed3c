"""Key checks that hold for the life of a request: a stream closes on revocation; scope comes before replay."""

from __future__ import annotations

import asyncio
import time

import httpx

from interlink.services import keys
from interlink.services.hub import Hub
from interlink.store import tenants
from interlink.store.tables import Environment
from tests.api.test_inbox import create_inbox, deliver
from tests.conftest import Tenant
from tests.delivery.test_in_app import live, stream

__all__ = ["live"]  # the module's real server, shared with the in-app stream tests


async def test_an_open_stream_closes_within_seconds_of_its_key_being_revoked(
    client: httpx.AsyncClient, live, hub: Hub, tenant: Tenant, worker
) -> None:
    base_url, _ = live
    await create_inbox(client, tenant)
    issued = await keys.create(hub, await _env(hub, tenant), ["read"], "stream")
    async with stream(base_url, tenant.key(issued.secret)) as events:
        first = await deliver(client, tenant, text="before")
        assert (await events.message())["messageId"] == first["id"]
        await keys.revoke(hub, issued.record.id)
        revoked_at = time.monotonic()
        seen: list[dict[str, str]] = []
        async with asyncio.timeout(8):
            while True:
                try:
                    block = await events.block()
                except AssertionError:  # the stream ended
                    break
                seen.append(block)
        closed_after = time.monotonic() - revoked_at
    assert closed_after < 5, closed_after
    assert [b.get("event") for b in seen if b.get("event")] == ["revoked"]
    again = await client.get("/v2/inbox/sub-1", headers=tenant.key(issued.secret))
    assert again.status_code == 401


async def _env(hub: Hub, tenant: Tenant) -> Environment:
    """The tenant's development environment record, to issue one more key in it."""
    async with hub.db.read() as session:
        return await tenants.environment(session, tenant.env_id)


async def test_a_read_only_key_gets_no_replay_of_a_write(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = {"name": "Hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    written = await client.post("/v2/integrations", json=body, headers={**tenant.headers, "Idempotency-Key": "k-1"})
    assert written.status_code == 201
    replay = await client.post(
        "/v2/integrations", json=body, headers={**tenant.key(tenant.read_only), "Idempotency-Key": "k-1"}
    )
    assert replay.status_code == 403, replay.text
    assert written.json()["id"] not in replay.text


async def test_a_read_only_key_claims_nothing(client: httpx.AsyncClient, tenant: Tenant) -> None:
    """Its 403 leaves the key free: the writer's first request with that key is done, not a replay or a conflict."""
    body = {"channel": "webhook", "to": {}, "payload": {"a": 1}}
    refused = await client.post(
        "/v2/messages", json=body, headers={**tenant.key(tenant.read_only), "Idempotency-Key": "k-2"}
    )
    assert refused.status_code == 403
    other = {"name": "Hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    done = await client.post("/v2/integrations", json=other, headers={**tenant.headers, "Idempotency-Key": "k-2"})
    assert done.status_code == 201, done.text
    assert "idempotency-replay" not in done.headers
