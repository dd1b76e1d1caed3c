"""Integration actions: ``test-send`` is accepted with 202 and a Location, then read back until it is done."""

from __future__ import annotations

import asyncio
from typing import Any

from interlink.sdk.signing import new_secret
from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook, status


async def _wait_done(client, headers: dict[str, str], location: str, within: float = 10.0) -> dict[str, Any]:
    """Poll an action until it succeeded or failed."""
    seen: list[str] = []
    async with asyncio.timeout(within):
        while True:
            got = await client.get(location, headers=headers)
            assert got.status_code == 200, got.text
            action = got.json()
            seen.append(action["status"])
            if action["status"] in ("succeeded", "failed"):
                assert set(seen) <= {"queued", "running", action["status"]}
                return action
            await asyncio.sleep(0.05)


async def test_a_test_send_reaches_the_receiver_and_reports_its_status_code(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url, credentials={"signingSecret": new_secret()})
        started = await client.post(f"/v2/integrations/{hook['id']}/actions/test-send", headers=tenant.headers)
        assert started.status_code == 202, started.text
        action = started.json()
        assert started.headers["Location"] == f"/v2/actions/{action['id']}"
        assert action["status"] == "queued"
        assert (action["integrationId"], action["action"]) == (hook["id"], "test-send")
        done = await _wait_done(client, tenant.headers, started.headers["Location"])
    assert done["status"] == "succeeded"
    assert done["result"]["outcome"] == "delivered"
    assert done["result"]["statusCode"] == 200
    [request] = receiver.received
    assert request.json()["type"] == "integration.test"
    assert request.json()["content"]["text"] == "This is a test message from Interlink."
    assert "webhook-signature" in request.headers
    # A test send is not a message: the message log stays empty.
    assert (await client.get("/v2/messages", headers=tenant.headers)).json()["data"] == []


async def test_a_test_send_takes_subject_and_text(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url)
        started = await client.post(
            f"/v2/integrations/{hook['id']}/actions/test-send",
            headers=tenant.headers,
            json={"subject": "Ping", "text": "Are you there?"},
        )
        assert started.status_code == 202, started.text
        assert started.json()["input"] == {"subject": "Ping", "text": "Are you there?"}
        await _wait_done(client, tenant.headers, started.headers["Location"])
    assert receiver.received[0].json()["content"] == {"subject": "Ping", "text": "Are you there?"}


async def test_a_test_send_against_a_failing_receiver_fails_with_the_detail(client, tenant: Tenant, worker) -> None:
    for reply, detail in ((status(500), "HTTP 500"), (status(403), "HTTP 403")):
        async with Receiver(default=reply) as receiver:
            hook = await create_webhook(client, tenant.headers, receiver.url, name=f"hook {detail}")
            started = await client.post(f"/v2/integrations/{hook['id']}/actions/test-send", headers=tenant.headers)
            done = await _wait_done(client, tenant.headers, started.headers["Location"])
        assert done["status"] == "failed"
        assert done["result"]["detail"] == detail
        assert done["result"]["statusCode"] == int(detail[-3:])
        assert len(receiver.received) == 1, "a test send is tried once, not retried"


async def test_an_unsupported_action_is_refused_naming_the_supported_ones(client, tenant: Tenant) -> None:
    hook = await create_webhook(client, tenant.headers, "https://hooks.example.com/in")
    for action in ("verify", "launch-rockets"):
        got = await client.post(f"/v2/integrations/{hook['id']}/actions/{action}", headers=tenant.headers)
        assert got.status_code == 422, got.text
        [error] = got.json()["errors"]
        assert error["path"] == "action"
        assert "test-send" in error["message"]


async def test_actions_are_scoped_to_the_environment_and_need_the_right_key(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url)
        url = f"/v2/integrations/{hook['id']}/actions/test-send"
        assert (await client.post(url, headers=tenant.key(tenant.read_only))).status_code == 403
        assert (await client.post(url)).status_code == 401
        assert (await client.post(url, headers=tenant.key(tenant.other_rw))).status_code == 404
        started = await client.post(url, headers=tenant.headers)
        location = started.headers["Location"]
        await _wait_done(client, tenant.headers, location)
        assert (await client.get(location, headers=tenant.key(tenant.other_rw))).status_code == 404
        assert (await client.get(location, headers=tenant.key(tenant.read_only))).status_code == 200
        assert (await client.get(location, headers=tenant.key(tenant.write_only))).status_code == 403
        assert (
            await client.get("/v2/actions/act_01JZZZZZZZZZZZZZZZZZZZZZZZ", headers=tenant.headers)
        ).status_code == 404
        assert (await client.get("/v2/actions/whatever", headers=tenant.headers)).status_code == 404
    assert len(receiver.received) == 1


async def test_an_action_body_with_unknown_fields_is_refused(client, tenant: Tenant) -> None:
    hook = await create_webhook(client, tenant.headers, "https://hooks.example.com/in")
    got = await client.post(
        f"/v2/integrations/{hook['id']}/actions/test-send", headers=tenant.headers, json={"bogus": 1}
    )
    assert got.status_code == 422
    assert [e["path"] for e in got.json()["errors"]] == ["bogus"]
