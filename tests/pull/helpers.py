"""Small API steps the pull tests share: places, things, integrations, mappings, reads."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Tenant


async def post(client: httpx.AsyncClient, url: str, body: dict[str, Any], tenant: Tenant) -> dict[str, Any]:
    response = await client.post(url, json=body, headers=tenant.headers)
    assert response.status_code in (200, 201, 202), response.text
    return response.json()


async def place(client: httpx.AsyncClient, tenant: Tenant, name: str = "Berlin office", **extra: Any) -> dict[str, Any]:
    body = {"name": name, "latitude": 52.52, "longitude": 13.41, **extra}
    return await post(client, "/v2/places", body, tenant)


async def thing(client: httpx.AsyncClient, tenant: Tenant, place_id: str, name: str = "Meter") -> dict[str, Any]:
    return await post(client, "/v2/things", {"name": name, "kind": "meter", "placeId": place_id}, tenant)


async def integration(
    client: httpx.AsyncClient, tenant: Tenant, type_id: str, properties: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    body = {"name": f"{type_id} source", "type": type_id, "properties": properties, **extra}
    return await post(client, "/v2/integrations", body, tenant)


async def mapping(client: httpx.AsyncClient, tenant: Tenant, integration_id: str, external_id: str, path: str) -> None:
    body = {"integrationId": integration_id, "externalId": external_id, "resourcePath": path}
    await post(client, "/v2/integrations/resource-mappings", body, tenant)


async def series(client: httpx.AsyncClient, tenant: Tenant, **params: Any) -> dict[str, Any]:
    response = await client.get("/v2/telemetry", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def schedule(client: httpx.AsyncClient, tenant: Tenant, integration_id: str) -> dict[str, Any]:
    response = await client.get(f"/v2/integrations/{integration_id}/schedule", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()
