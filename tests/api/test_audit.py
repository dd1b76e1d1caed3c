"""``/v2/audit-events``: who changed what, newest first, under which trace id, never with a secret."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from interlink.services import keys
from tests.conftest import Tenant


async def actor_of(hub, secret: str) -> str:
    """The key id the audit trail names for a key."""
    return (await keys.authenticate(hub, secret)).actor


async def events(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    listed = await client.get("/v2/audit-events", params=params, headers=headers)
    assert listed.status_code == 200, listed.text
    return [e for e in listed.json()["data"] if not e["action"].startswith("api_key.")]


async def test_integration_and_place_changes_are_audited_newest_first(client, hub, tenant: Tenant) -> None:
    password, new_password = f"pw-{secrets.token_hex(8)}", f"pw-{secrets.token_hex(8)}"
    body = {
        "name": "Audited hook",
        "type": "webhook",
        "properties": {"url": "https://hooks.example.com/a", "authType": "BASIC"},
        "credentials": {"username": "ops", "password": password},
    }
    steps: list[tuple[str, str, httpx.Response]] = []

    created = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert created.status_code == 201
    first = created.json()["id"]
    steps.append(("integration.created", first, created))

    updated = await client.put(
        f"/v2/integrations/{first}",
        json={"name": "Renamed", "credentials": {"password": new_password}},
        headers=tenant.headers,
    )
    assert updated.status_code == 200
    steps.append(("integration.updated", first, updated))

    second_body = {"name": "Second", "type": "webhook", "properties": {"url": "https://hooks.example.com/b"}}
    second_resp = await client.post("/v2/integrations", json=second_body, headers=tenant.headers)
    second = second_resp.json()["id"]
    steps.append(("integration.created", second, second_resp))
    primary = await client.post(f"/v2/integrations/{second}/set-primary", headers=tenant.headers)
    assert primary.status_code == 200, primary.text
    steps.append(("integration.primary_set", second, primary))

    deleted = await client.delete(f"/v2/integrations/{first}", headers=tenant.headers)
    assert deleted.status_code == 200
    steps.append(("integration.deleted", first, deleted))

    place = await client.post("/v2/places", json={"name": "Audited place"}, headers=tenant.headers)
    place_id = place.json()["id"]
    steps.append(("place.created", place_id, place))
    renamed = await client.put(f"/v2/places/{place_id}", json={"name": "Moved place"}, headers=tenant.headers)
    steps.append(("place.updated", place_id, renamed))
    removed = await client.delete(f"/v2/places/{place_id}", headers=tenant.headers)
    assert removed.status_code == 204
    steps.append(("place.deleted", place_id, removed))

    listed_response = await client.get("/v2/audit-events", headers=tenant.headers)
    assert password not in listed_response.text and new_password not in listed_response.text
    trail = await events(client, tenant.headers)
    actor = await actor_of(hub, tenant.rw)
    assert [(e["action"], e["targetId"]) for e in trail] == [(a, t) for a, t, _ in reversed(steps)]
    for event, (_, _, response) in zip(trail, reversed(steps), strict=True):
        assert event["actor"] == actor
        assert event["id"].startswith("aud_")
        assert event["createdAt"]
        assert event["traceId"] == response.headers["x-trace-id"]
    assert len({e["traceId"] for e in trail}) == len(trail)
    assert [e["id"] for e in trail] == sorted((e["id"] for e in trail), reverse=True)

    by_action = {e["action"]: e for e in trail}  # the oldest of each action wins
    created_event = by_action["integration.created"]
    assert created_event["targetType"] == "integration"
    assert created_event["changes"]["properties"]["password"] == "[secret]"
    assert created_event["changes"]["properties"]["username"] == "[secret]"
    assert created_event["changes"]["properties"]["url"] == "https://hooks.example.com/a"
    assert by_action["integration.updated"]["changes"] == {
        "name": "Renamed",
        "properties": {"password": "[secret]"},
    }
    assert by_action["integration.primary_set"]["changes"]["primary"] is True
    assert by_action["place.updated"]["changes"] == {"name": "Moved place"}
    assert by_action["place.created"]["targetType"] == "place"


async def test_filters_and_cursor(client, tenant: Tenant) -> None:
    body = {"name": "Hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/a"}}
    first = (await client.post("/v2/integrations", json=body, headers=tenant.headers)).json()["id"]
    second = (await client.post("/v2/integrations", json=body, headers=tenant.headers)).json()["id"]
    await client.put(f"/v2/integrations/{first}", json={"name": "One"}, headers=tenant.headers)
    await client.put(f"/v2/integrations/{first}", json={"name": "Two"}, headers=tenant.headers)

    only_first = await events(client, tenant.headers, targetId=first)
    assert [e["action"] for e in only_first] == ["integration.updated", "integration.updated", "integration.created"]
    assert [e["changes"]["name"] for e in only_first[:2]] == ["Two", "One"]

    created = await events(client, tenant.headers, action="integration.created")
    assert [e["targetId"] for e in created] == [second, first]
    both = await events(client, tenant.headers, action="integration.updated", targetId=second)
    assert both == []

    page = await client.get("/v2/audit-events", params={"targetId": first, "limit": 2}, headers=tenant.headers)
    assert len(page.json()["data"]) == 2
    cursor = page.json()["nextCursor"]
    assert cursor == page.json()["data"][-1]["id"]
    rest = await client.get(
        "/v2/audit-events", params={"targetId": first, "limit": 2, "cursor": cursor}, headers=tenant.headers
    )
    assert [e["action"] for e in rest.json()["data"]] == ["integration.created"]
    assert rest.json()["nextCursor"] is None


async def test_trace_id_follows_a_traceparent(client, tenant: Tenant) -> None:
    trace_id = secrets.token_hex(16)
    headers = {**tenant.headers, "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}
    created = await client.post("/v2/places", json={"name": "Traced"}, headers=headers)
    assert created.status_code == 201
    assert created.headers["x-trace-id"] == trace_id
    [event] = await events(client, tenant.headers, targetId=created.json()["id"])
    assert event["traceId"] == trace_id

    malformed = {**tenant.headers, "traceparent": "not-a-traceparent"}
    other = await client.post("/v2/places", json={"name": "Untraced"}, headers=malformed)
    [event] = await events(client, tenant.headers, targetId=other.json()["id"])
    assert event["traceId"] == other.headers["x-trace-id"]
    assert len(event["traceId"]) == 32


async def test_failed_requests_leave_no_event(client, tenant: Tenant) -> None:
    place = (await client.post("/v2/places", json={"name": "P"}, headers=tenant.headers)).json()
    before = await events(client, tenant.headers)
    await client.put(f"/v2/places/{place['id']}", json={"latitude": 100.0}, headers=tenant.headers)
    await client.put(f"/v2/places/{place['id']}", json={"parentId": place["id"]}, headers=tenant.headers)
    await client.post("/v2/things", json={"name": "T", "kind": "k", "placeId": "plc_x"}, headers=tenant.headers)
    await client.post("/v2/integrations", json={"name": "x", "type": "webhook"}, headers=tenant.headers)
    await client.post("/v2/places", json={"name": "P"}, headers=tenant.key(tenant.read_only))
    assert await events(client, tenant.headers) == before


async def test_audit_needs_read_scope_and_stays_in_its_environment(client, tenant: Tenant) -> None:
    made = await client.post("/v2/places", json={"name": "Mine"}, headers=tenant.headers)
    assert made.status_code == 201
    assert (await client.get("/v2/audit-events")).status_code == 401
    assert (await client.get("/v2/audit-events", headers=tenant.key(tenant.write_only))).status_code == 403
    read_only = await events(client, tenant.key(tenant.read_only))
    assert [e["targetId"] for e in read_only] == [made.json()["id"]]

    other = tenant.key(tenant.other_rw)
    assert await events(client, other) == []
    assert await events(client, other, targetId=made.json()["id"]) == []
    invalid = await client.get("/v2/audit-events", params={"limit": 0}, headers=tenant.headers)
    assert invalid.status_code == 422
    assert [e["path"] for e in invalid.json()["errors"]] == ["limit"]
