"""Post to an integration's receiving URL and wait for what the queue makes of it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Tenant

PROVIDERS = Path(__file__).parent.parent / "providers"


def fixture_bytes(provider: str, name: str) -> bytes:
    return (PROVIDERS / provider / "fixtures" / f"{name}.json").read_bytes()


def fixture(provider: str, name: str) -> Any:
    return json.loads(fixture_bytes(provider, name))


async def wait_event(client: httpx.AsyncClient, tenant: Tenant, event_id: str, timeout: float = 10.0) -> dict[str, Any]:
    """Poll the inbound event until the queue has processed it (or failed it)."""
    got: dict[str, Any] = {}
    try:
        async with asyncio.timeout(timeout):
            while True:
                got = (await client.get(f"/v2/inbound-events/{event_id}", headers=tenant.headers)).json()
                if got.get("status") in {"processed", "failed"}:
                    return got
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"inbound event never processed; last seen: {got}") from None


async def alerts_of(client: httpx.AsyncClient, tenant: Tenant, integration_id: str) -> list[dict[str, Any]]:
    response = await client.get("/v2/alerts", params={"integrationId": integration_id}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def receiver(
    client: httpx.AsyncClient, tenant: Tenant, type_id: str, name: str = "Receiver", **fields: Any
) -> dict[str, Any]:
    """Create a webhook-receiving integration over HTTP; it comes with its inboundUrl."""
    response = await client.post(
        "/v2/integrations", json={"name": name, "type": type_id, **fields}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    return response.json()
