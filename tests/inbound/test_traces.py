"""``GET /v2/traces/{traceId}``: one id from the inbound request through the alert to messages and attempts."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.api.helpers import assert_problem
from tests.conftest import Tenant
from tests.inbound.helpers import fixture_bytes, receiver, wait_event
from tests.receivers import Receiver, wait_status

pytestmark = pytest.mark.usefixtures("worker")


async def test_the_trace_lists_every_step_in_order(client: httpx.AsyncClient, tenant: Tenant) -> None:
    trace_id = secrets.token_hex(16)
    traced = {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}
    manager = await receiver(client, tenant, "alertmanager", "Prometheus")
    async with Receiver() as target:
        hook = {"name": "ops", "type": "webhook", "properties": {"url": target.url + "/in"}}
        assert (await client.post("/v2/integrations", json=hook, headers=tenant.headers)).status_code == 201
        firing = fixture_bytes("alertmanager", "notification__firing")
        first = await client.post(manager["inboundUrl"], content=firing, headers=traced)
        assert first.headers["x-trace-id"] == trace_id
        await wait_event(client, tenant, first.json()["id"])
        repeat = await client.post(manager["inboundUrl"], content=firing, headers=traced)
        await wait_event(client, tenant, repeat.json()["id"])
        message = {"channel": "webhook", "eventType": "alert.opened", "payload": {"n": 1}}
        sent = await client.post("/v2/messages", json=message, headers={**tenant.headers, **traced})
        await wait_status(client, tenant.headers, sent.json()["id"], "delivered")

    response = await client.get(f"/v2/traces/{trace_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    steps = response.json()["steps"]
    assert [s["kind"] for s in steps] == [
        "inbound_request",
        "alert.opened",
        "inbound_request",
        "alert.repeated",
        "message",
        "delivery_attempt",
    ]
    assert steps[0]["id"] == first.json()["id"] and steps[1]["alertId"] == steps[3]["alertId"]
    assert steps[5]["outcome"] == "delivered" and steps[5]["messageId"] == sent.json()["id"]
    assert [s["at"] for s in steps] == sorted(s["at"] for s in steps)


async def test_unknown_malformed_and_other_environments_traces_are_404(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    manager = await receiver(client, tenant, "alertmanager", "Prometheus")
    accepted = await client.post(manager["inboundUrl"], content=fixture_bytes("alertmanager", "notification__firing"))
    trace_id = accepted.headers["x-trace-id"]
    assert (await client.get(f"/v2/traces/{trace_id}", headers={"X-Api-Key": tenant.read_only})).status_code == 200
    assert_problem(await client.get(f"/v2/traces/{trace_id}", headers={"X-Api-Key": tenant.other_rw}), 404)
    assert_problem(await client.get(f"/v2/traces/{secrets.token_hex(16)}", headers=tenant.headers), 404)
    assert_problem(await client.get("/v2/traces/not-a-trace", headers=tenant.headers), 404)
    assert_problem(await client.get(f"/v2/traces/{trace_id}"), 401)
