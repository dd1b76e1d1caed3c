"""``/v2/alerts``: filters, timeline, acknowledge/resolve/drop, and the refusals every endpoint owes."""

from __future__ import annotations

import httpx

from interlink.services.hub import Hub
from tests.alerts.helpers import create_action, open_one
from tests.api.helpers import assert_problem, create
from tests.conftest import Tenant


async def test_list_filters_by_status_urgency_integration_and_text(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    disk, _ = await open_one(hub, tenant, integration["id"], create_action("Disk full on db-1", urgency="critical"))
    cpu, _ = await open_one(hub, tenant, integration["id"], create_action("CPU high", description="on web_2%"))
    await client.post(f"/v2/alerts/{cpu.id}/acknowledge", headers=tenant.headers)

    async def ids(**params: str) -> list[str]:
        response = await client.get("/v2/alerts", params=params, headers=tenant.headers)
        assert response.status_code == 200, response.text
        return [row["id"] for row in response.json()["data"]]

    assert await ids(integrationId=integration["id"]) == [cpu.id, disk.id]
    assert await ids(status="open", integrationId=integration["id"]) == [disk.id]
    assert await ids(urgency="critical", integrationId=integration["id"]) == [disk.id]
    assert await ids(q="web_2%", integrationId=integration["id"]) == [cpu.id]
    assert await ids(q="DISK", integrationId=integration["id"]) == [disk.id]
    assert await ids(integrationId=integration["id"], limit="1") == [cpu.id]
    assert await ids(integrationId=integration["id"], cursor=cpu.id) == [disk.id]
    assert await ids(integrationId=integration["id"], since="2999-01-01T00:00:00Z") == []


async def test_get_shows_the_alert_and_its_timeline(hub: Hub, client: httpx.AsyncClient, tenant: Tenant) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    action = create_action(third_party_id="fp-9", tags=("db",), additional_data=({"label": "host", "value": "db-1"},))
    alert, _ = await open_one(hub, tenant, integration["id"], action)
    await open_one(hub, tenant, integration["id"], action)
    acked = await client.post(f"/v2/alerts/{alert.id}/acknowledge", json={"note": "on it"}, headers=tenant.headers)
    assert acked.status_code == 200 and acked.json()["status"] == "acknowledged"
    resolved = await client.post(f"/v2/alerts/{alert.id}/resolve", headers=tenant.headers)
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolvedAt"]

    body = (await client.get(f"/v2/alerts/{alert.id}", headers=tenant.headers)).json()
    assert body["title"] == "Disk full on db-1" and body["thirdPartyId"] == "fp-9" and body["count"] == 2
    assert body["tags"] == ["db"] and body["additionalData"] == [{"label": "host", "value": "db-1"}]
    assert body["integrationId"] == integration["id"] and body["urgency"] == "medium"
    assert [e["kind"] for e in body["timeline"]] == ["opened", "repeated", "acknowledged", "resolved"]
    assert body["timeline"][2]["detail"] == {"note": "on it"}
    assert body["timeline"][2]["actor"].startswith("key_")


async def test_a_final_status_refuses_other_moves_and_repeats_are_harmless(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    alert, _ = await open_one(hub, tenant, integration["id"])
    assert (await client.post(f"/v2/alerts/{alert.id}/drop", headers=tenant.headers)).json()["status"] == "dropped"
    again = await client.post(f"/v2/alerts/{alert.id}/drop", headers=tenant.headers)
    assert again.status_code == 200 and again.json()["status"] == "dropped"
    assert_problem(await client.post(f"/v2/alerts/{alert.id}/resolve", headers=tenant.headers), 409)
    assert_problem(await client.post(f"/v2/alerts/{alert.id}/acknowledge", headers=tenant.headers), 409)


async def test_bad_input_missing_auth_wrong_scope_and_other_environments(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    alert, _ = await open_one(hub, tenant, integration["id"])
    assert_problem(await client.get("/v2/alerts", params={"status": "closed"}, headers=tenant.headers), 422, "status")
    assert_problem(await client.get("/v2/alerts", params={"limit": 0}, headers=tenant.headers), 422, "limit")
    bad_note = await client.post(f"/v2/alerts/{alert.id}/acknowledge", json={"note": 5}, headers=tenant.headers)
    assert_problem(bad_note, 422, "note")
    assert_problem(await client.get("/v2/alerts"), 401)
    assert_problem(await client.post(f"/v2/alerts/{alert.id}/resolve"), 401)
    read_only = tenant.key(tenant.read_only)
    assert (await client.get(f"/v2/alerts/{alert.id}", headers=read_only)).status_code == 200
    assert_problem(await client.post(f"/v2/alerts/{alert.id}/resolve", headers=read_only), 403)
    other = tenant.key(tenant.other_rw)
    assert_problem(await client.get(f"/v2/alerts/{alert.id}", headers=other), 404)
    assert_problem(await client.post(f"/v2/alerts/{alert.id}/drop", headers=other), 404)
    assert (await client.get("/v2/alerts", headers=other)).json()["data"] == []
    assert_problem(await client.get("/v2/alerts/not-an-id", headers=tenant.headers), 404)
    assert (await client.get(f"/v2/alerts/{alert.id}", headers=tenant.headers)).json()["status"] == "open"
