"""Revoked and read-only keys on every route of every face, generated from the app's route table (OpenAPI)."""

from __future__ import annotations

import re

import httpx
import pytest

from interlink.app import create_app
from interlink.services import alert_links, keys
from interlink.services.hub import Hub
from tests.conftest import Tenant
from tests.security.test_key_checks import _env

WRITES = {"post", "put", "patch", "delete"}
# Routes that take no API key by design: the path carries a signed, expiring token instead.
KEYLESS = (f"{alert_links.PATH}/",)


def _routes(hub: Hub) -> list[tuple[str, str]]:
    paths = create_app(hub).openapi()["paths"]
    found = []
    for template, operations in paths.items():
        concrete = re.sub(r"\{[^}]+\}", "x1", template.replace("{locale}", "en"))
        found += [(method, concrete) for method in operations if method in {"get", *WRITES}]
    return [(method, path) for method, path in found if not path.startswith(KEYLESS)]


async def test_keyless_routes_refuse_a_forged_token_whatever_key_comes_with_it(
    client: httpx.AsyncClient, hub: Hub, tenant: Tenant
) -> None:
    before = await _audit_count(client, tenant)
    for path in (f"{alert_links.PATH}/x1", f"{alert_links.PATH}/{'A' * 80}"):
        for headers in ({}, tenant.headers, tenant.key(tenant.read_only)):
            for method in ("get", "post"):
                answer = await client.request(method, path, headers=headers)
                assert answer.status_code == 404, (method, path, answer.status_code)
    assert await _audit_count(client, tenant) == before


async def _audit_count(client: httpx.AsyncClient, tenant: Tenant) -> int:
    listed = await client.get("/v2/audit-events", headers=tenant.headers, params={"limit": 200})
    assert listed.status_code == 200
    return len(listed.json()["data"])


async def test_the_route_table_covers_every_face(hub: Hub) -> None:
    prefixes = {path.split("/")[1] for _, path in _routes(hub)}
    assert {"v2", "v1", "en"} <= prefixes


async def test_a_revoked_key_is_refused_on_every_route(client: httpx.AsyncClient, hub: Hub, tenant: Tenant) -> None:
    issued = await keys.create(hub, await _env(hub, tenant), ["read", "write"], "to-revoke")
    await keys.revoke(hub, issued.record.id)
    attempts = 0
    for method, path in _routes(hub):
        for header in ({"X-Api-Key": issued.secret}, {"Authorization": f"Bearer {issued.secret}"}):
            answer = await client.request(method, path, headers=header, json={})
            attempts += 1
            assert answer.status_code == 401, (method, path, answer.status_code)
            assert issued.secret not in answer.text
    assert attempts >= 80


async def test_a_read_only_key_writes_nothing_on_any_route(client: httpx.AsyncClient, hub: Hub, tenant: Tenant) -> None:
    before = await _audit_count(client, tenant)
    for method, path in _routes(hub):
        if method not in WRITES:
            continue
        for key in ("k-ro", None):
            headers = tenant.key(tenant.read_only) | ({"Idempotency-Key": key} if key else {})
            answer = await client.request(method, path, headers=headers, json={})
            assert answer.status_code in (403, 422), (method, path, answer.status_code, answer.text)
    assert await _audit_count(client, tenant) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v2/integrations", {"name": "x", "type": "webhook", "properties": {"url": "https://h.example.com/"}}),
        ("/v1/integrations", {"providerId": "sendgrid", "channel": "email", "credentials": {"apiKey": "SG.x"}}),
        ("/en/api/integration", {"name": "x", "type": "webhook", "properties": {"url": "https://h.example.com/"}}),
        ("/v2/places", {"name": "HQ"}),
    ],
)
async def test_a_read_only_key_with_a_valid_body_gets_403(
    client: httpx.AsyncClient, tenant: Tenant, path: str, body: dict
) -> None:
    answer = await client.post(path, json=body, headers=tenant.key(tenant.read_only) | {"Idempotency-Key": "ro-1"})
    assert answer.status_code == 403, answer.text
