"""The receiving URL end to end: committed before 2xx, refused with the right status, alerts on the queue."""

from __future__ import annotations

import base64
import hashlib
import hmac

import httpx
import pytest

from interlink.services.hub import Hub
from interlink.services.worker import Worker
from tests.api.helpers import assert_problem, create
from tests.conftest import Tenant
from tests.inbound.helpers import alerts_of, fixture_bytes, receiver, wait_event

pytestmark = pytest.mark.usefixtures("worker")
GITHUB_SECRET = "It's a Secret to Everybody"


async def test_alertmanager_firing_opens_repeats_and_resolves_one_alert(
    client: httpx.AsyncClient, tenant: Tenant, worker: Worker
) -> None:
    integration = await receiver(client, tenant, "inbound_webhook", "x")  # another receiver, not involved
    manager = await receiver(client, tenant, "alertmanager", name="Prometheus")
    url = manager["inboundUrl"]
    assert url.startswith(f"/v2/hooks/{manager['id']}/") and integration["inboundUrl"] != url

    accepted = await client.post(url, content=fixture_bytes("alertmanager", "notification__firing"))
    assert accepted.status_code == 202, accepted.text
    event = await wait_event(client, tenant, accepted.json()["id"])
    assert event["status"] == "processed" and event["outcome"] == "accepted"
    assert event["traceId"] == accepted.headers["x-trace-id"]
    [alert] = await alerts_of(client, tenant, manager["id"])
    assert alert["title"] == "ProbeFailure: BlackBox Probe Failure: https://server.example.org"
    assert alert["urgency"] == "critical" and alert["thirdPartyId"] == "1a30ba71cca2921f"
    assert alert["inboundEventIds"] == [event["id"]] and alert["traceId"] == event["traceId"]

    again = await client.post(url, content=fixture_bytes("alertmanager", "notification__firing"))
    await wait_event(client, tenant, again.json()["id"])
    [repeated] = await alerts_of(client, tenant, manager["id"])
    assert repeated["id"] == alert["id"] and repeated["count"] == 2

    resolved = await client.post(url, content=fixture_bytes("alertmanager", "notification__resolved"))
    done = await wait_event(client, tenant, resolved.json()["id"])
    assert done["result"]["outcomes"] == [{"action": "resolve", "alertId": alert["id"], "outcome": "resolved"}]
    [closed] = await alerts_of(client, tenant, manager["id"])
    assert closed["status"] == "resolved"

    replayed = await client.post(f"/v2/inbound-events/{accepted.json()['id']}/replay", headers=tenant.headers)
    assert replayed.status_code == 202 and replayed.json()["replayOf"] == accepted.json()["id"]
    await wait_event(client, tenant, replayed.json()["id"])
    listed = await alerts_of(client, tenant, manager["id"])
    assert len(listed) == 2 and listed[0]["status"] == "open", "a firing replayed after the resolve opens anew"


async def test_unknown_integration_or_wrong_token_is_a_plain_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    manager = await receiver(client, tenant, "alertmanager", name="Prometheus")
    nowhere = await client.post("/v2/no-such-path", content=b"{}")
    for path in (
        f"/v2/hooks/{manager['id']}/wrong-token",
        "/v2/hooks/int_01JAAAAAAAAAAAAAAAAAAAAAAA/whatever",
        f"/v2/hooks/{manager['id']}/{manager['inboundUrl'].rsplit('/', 1)[1]}x",
    ):
        response = await client.post(path, content=b"{}")
        assert response.status_code == 404
        assert response.json().keys() == nowhere.json().keys() and response.json()["title"] == "Not Found"
    log = await client.get("/v2/inbound-events", params={"integrationId": manager["id"]}, headers=tenant.headers)
    assert log.json()["data"] == []


async def test_refusals_are_logged_with_their_reason(client: httpx.AsyncClient, tenant: Tenant) -> None:
    manager = await receiver(
        client, tenant, "alertmanager", name="Prometheus", credentials={"token": "a1t", "previousToken": "t0ken"}
    )
    url = manager["inboundUrl"]
    body = fixture_bytes("alertmanager", "notification__firing")
    assert_problem(await client.post(url, content=body), 401)
    assert_problem(await client.post(url, content=body, headers={"Authorization": "Bearer nope"}), 401)
    assert (await client.post(url, content=body, headers={"Authorization": "Bearer a1t"})).status_code == 202
    basic = base64.b64encode(b"prom:t0ken").decode()
    assert (await client.post(url, content=body, headers={"Authorization": f"Basic {basic}"})).status_code == 202
    assert_problem(await client.post(url, content=b"x" * 300_000, headers={"Authorization": "Bearer a1t"}), 413)
    assert_problem(await client.get(url), 405)
    off = await client.put(f"/v2/integrations/{manager['id']}", json={"active": False}, headers=tenant.headers)
    assert off.status_code == 200
    rotated = await client.post(f"/v2/integrations/{manager['id']}/rotate-token", headers=tenant.headers)
    assert rotated.status_code == 200 and rotated.json()["inboundUrl"] != url
    assert (await client.post(url, content=body)).status_code == 404, "the old URL stops working at once"
    assert_problem(await client.post(rotated.json()["inboundUrl"], content=body), 423)

    log = await client.get("/v2/inbound-events", params={"integrationId": manager["id"]}, headers=tenant.headers)
    rows = log.json()["data"]
    assert [(r["statusCode"], r["outcome"]) for r in rows] == [
        (423, "refused"),
        (405, "refused"),
        (413, "refused"),
        (202, "accepted"),
        (202, "accepted"),
        (401, "refused"),
        (401, "refused"),
    ]
    assert rows[0]["reason"] == "the integration is disabled" and rows[0]["size"] == 0
    assert rows[-1]["reason"] == "no bearer token or basic-auth password"
    assert rows[-2]["reason"] == "the token does not match"
    refused = await client.get("/v2/inbound-events", params={"outcome": "refused"}, headers=tenant.headers)
    assert len(refused.json()["data"]) == 5
    detail = (await client.get(f"/v2/inbound-events/{rows[-2]['id']}", headers=tenant.headers)).json()
    assert ["authorization", "[redacted]"] in detail["headers"], "credentials a sender presents are not stored"
    assert detail["body"] == body.decode()
    replay_refused = await client.post(f"/v2/inbound-events/{rows[-2]['id']}/replay", headers=tenant.headers)
    assert_problem(replay_refused, 409)


async def test_github_signed_delivery_becomes_an_alert_and_forgeries_do_not(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    github = await receiver(client, tenant, "github", name="GitHub", credentials={"signingSecret": GITHUB_SECRET})
    body = fixture_bytes("github", "dependabot_alert__created")
    signature = "sha256=" + hmac.new(GITHUB_SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = {"X-GitHub-Event": "dependabot_alert", "Content-Type": "application/json"}
    assert_problem(await client.post(github["inboundUrl"], content=body, headers=headers), 401)
    forged = {**headers, "X-Hub-Signature-256": "sha256=" + "0" * 64}
    assert_problem(await client.post(github["inboundUrl"], content=body, headers=forged), 401)
    signed = {**headers, "X-Hub-Signature-256": signature}
    accepted = await client.post(github["inboundUrl"], content=body, headers=signed)
    assert accepted.status_code == 202
    await wait_event(client, tenant, accepted.json()["id"])
    [alert] = await alerts_of(client, tenant, github["id"])
    assert alert["thirdPartyId"] == "wolfy1339/pika-pack/dependabot/20" and alert["urgency"] == "medium"


async def test_inbound_endpoints_refuse_bad_input_missing_auth_wrong_scope_and_other_environments(
    client: httpx.AsyncClient, tenant: Tenant, hub: Hub
) -> None:
    manager = await receiver(client, tenant, "alertmanager", name="Prometheus")
    accepted = await client.post(manager["inboundUrl"], content=fixture_bytes("alertmanager", "notification__firing"))
    event_id = accepted.json()["id"]
    assert_problem(await client.get("/v2/inbound-events", params={"outcome": "maybe"}, headers=tenant.headers), 422)
    assert_problem(await client.get("/v2/inbound-events"), 401)
    assert_problem(await client.post(f"/v2/inbound-events/{event_id}/replay"), 401)
    read_only = tenant.key(tenant.read_only)
    assert (await client.get(f"/v2/inbound-events/{event_id}", headers=read_only)).status_code == 200
    assert_problem(await client.post(f"/v2/inbound-events/{event_id}/replay", headers=read_only), 403)
    assert_problem(await client.post(f"/v2/integrations/{manager['id']}/rotate-token", headers=read_only), 403)
    other = tenant.key(tenant.other_rw)
    assert_problem(await client.get(f"/v2/inbound-events/{event_id}", headers=other), 404)
    assert_problem(await client.post(f"/v2/inbound-events/{event_id}/replay", headers=other), 404)
    assert_problem(await client.post(f"/v2/integrations/{manager['id']}/rotate-token", headers=other), 404)
    assert_problem(
        await client.post(f"/v2/integrations/{manager['id']}/preview", json={"payload": {}}, headers=other), 404
    )
    assert (await client.get("/v2/inbound-events", headers=other)).json()["data"] == []
    egress = await create(client, tenant, "webhook")
    assert "inboundUrl" not in egress
    assert_problem(await client.post(f"/v2/integrations/{egress['id']}/rotate-token", headers=tenant.headers), 409)
    assert_problem(await client.get("/v2/inbound-events/ibe_nope", headers=tenant.headers), 404)
