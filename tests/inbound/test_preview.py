"""``POST /v2/integrations/{id}/preview``: what a sample becomes, with nothing stored."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_problem
from tests.conftest import Tenant
from tests.inbound.helpers import alerts_of, fixture, receiver

MAPPING = {"actionExpression": "event_type", "thirdPartyIdExpression": "Id", "titleExpression": "Title"}


async def test_preview_shows_the_alert_a_sample_becomes_and_stores_nothing(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    hook = await receiver(client, tenant, "inbound_webhook", "Custom", properties=MAPPING)
    sample = fixture("inbound_webhook", "pagertree_webhook__minimal")
    response = await client.post(
        f"/v2/integrations/{hook['id']}/preview", json={"payload": sample}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "integrationId": hook["id"],
        "actions": [
            {
                "action": "create",
                "title": "Example Incident Title",
                "description": None,
                "urgency": None,
                "thirdPartyId": "example-id-123",
                "dedupKeys": [],
                "tags": [],
                "additionalData": [],
            }
        ],
    }
    tried = await client.post(
        f"/v2/integrations/{hook['id']}/preview",
        json={"payload": {**sample, "event_type": "resolve"}, "options": {"titleExpression": "Description"}},
        headers={"X-Api-Key": tenant.read_only},
    )
    assert tried.json()["actions"][0]["action"] == "resolve"
    assert tried.json()["actions"][0]["title"] == "Example Incident Description"
    assert await alerts_of(client, tenant, hook["id"]) == []
    log = await client.get("/v2/inbound-events", params={"integrationId": hook["id"]}, headers=tenant.headers)
    assert log.json()["data"] == []


async def test_preview_names_what_is_wrong(client: httpx.AsyncClient, tenant: Tenant) -> None:
    hook = await receiver(client, tenant, "inbound_webhook", "Custom")
    url = f"/v2/integrations/{hook['id']}/preview"
    broken = await client.post(url, json={"payload": {}, "options": {"titleExpression": "a.["}}, headers=tenant.headers)
    assert_problem(broken, 422, "options.titleExpression")
    assert_problem(await client.post(url, json={"options": {}}, headers=tenant.headers), 422, "payload")
    assert_problem(await client.post(url, json={"payload": {}, "extra": 1}, headers=tenant.headers), 422, "extra")
    assert_problem(await client.post(url, json={"payload": {}}), 401)
    manager = await receiver(client, tenant, "alertmanager", "Prometheus")
    not_alertmanager = await client.post(
        f"/v2/integrations/{manager['id']}/preview", json={"payload": {"nothing": 1}}, headers=tenant.headers
    )
    assert_problem(not_alertmanager, 422, "payload")
    egress = await client.post(
        "/v2/integrations",
        json={"name": "out", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}},
        headers=tenant.headers,
    )
    refused = await client.post(
        f"/v2/integrations/{egress.json()['id']}/preview", json={"payload": {}}, headers=tenant.headers
    )
    assert_problem(refused, 409)
