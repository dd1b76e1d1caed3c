"""Webhook ``headers`` are secrets: never shown, encrypted, and sealed when an older version stored them in clear."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from interlink.services import sealing, secrets
from interlink.services.hub import Hub
from interlink.store.tables import Integration
from tests.conftest import Tenant


async def _create(client: httpx.AsyncClient, tenant: Tenant) -> dict:
    body = {
        "name": "h",
        "type": "webhook",
        "properties": {"url": "https://h.example.com/", "headers": {"Authorization": "Bearer tok-123"}},
    }
    answer = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_headers_are_write_only_and_named_in_responses(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await _create(client, tenant)
    assert "headers" not in created["properties"] and "tok-123" not in str(created)
    assert created["credentials"]["headers"] == {"Authorization": "set"}
    events = await client.get("/v2/audit-events", headers=tenant.headers, params={"targetId": created["id"]})
    assert "tok-123" not in events.text and events.json()["data"]


async def test_headers_stored_in_clear_by_an_older_version_are_sealed(
    client: httpx.AsyncClient, hub: Hub, tenant: Tenant
) -> None:
    created = await _create(client, tenant)
    async with hub.db.write() as session:  # as an older version stored them: in the clear properties
        await session.execute(
            update(Integration)
            .where(Integration.id == created["id"])
            .values(
                properties={"url": "https://h.example.com/", "headers": {"X-Old": "old-secret"}},
                credentials=None,
                credential_keys=[],
            )
        )
    assert await sealing.seal_secret_properties(hub) >= 1
    shown = (await client.get(f"/v2/integrations/{created['id']}", headers=tenant.headers)).json()
    assert "headers" not in shown["properties"] and shown["credentials"] == {"headers": {"X-Old": "set"}}
    async with hub.db.read() as session:
        record = await session.get(Integration, created["id"])
        assert record is not None and "old-secret" not in str(record.properties) + str(record.credentials)
        assert (await secrets.decrypt(hub, session, record.id, record.credentials))["headers"] == {
            "X-Old": "old-secret"
        }
    assert await sealing.seal_secret_properties(hub) == 0
