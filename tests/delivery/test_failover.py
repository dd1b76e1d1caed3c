"""Choosing the integration: failover on a permanent failure, conditions, a named one, the circuit breaker."""

from __future__ import annotations

import asyncio

from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook, send, status, wait_status

EU = [
    {
        "isNegated": False,
        "type": "BOOLEAN",
        "value": "AND",
        "children": [{"field": "region", "value": "eu", "operator": "EQUAL", "on": "payload"}],
    }
]


async def test_a_permanent_failure_on_the_primary_fails_over_to_the_next_integration(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver(default=status(400)) as broken, Receiver() as spare:
        primary = await create_webhook(client, tenant.headers, broken.url, name="primary")
        second = await create_webhook(client, tenant.headers, spare.url, name="second")
        assert primary["primary"] is True and second["primary"] is False
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert len(broken.received) == 1 and len(spare.received) == 1
    assert spare.received[0].headers["webhook-id"] == sent["id"]
    assert done["integrationId"] == second["id"]
    assert [(a["number"], a["integrationId"], a["outcome"], a["statusCode"]) for a in done["attempts"]] == [
        (1, primary["id"], "failed", 400),
        (2, second["id"], "delivered", 200),
    ]
    assert done["lastError"] is None
    listed = (await client.get(f"/v2/messages?integrationId={second['id']}", headers=tenant.headers)).json()
    assert [m["id"] for m in listed["data"]] == [sent["id"]]


async def test_failover_follows_priority_and_a_message_fails_when_every_integration_refuses_it(
    client, tenant: Tenant, worker
) -> None:
    async with (
        Receiver(default=status(400)) as one,
        Receiver(default=status(404)) as two,
        Receiver(default=status(422)) as three,
    ):
        made = [
            await create_webhook(client, tenant.headers, r.url, name=name)
            for r, name in ((one, "one"), (two, "two"), (three, "three"))
        ]
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    listed = {i["id"]: i for i in (await client.get("/v2/integrations", headers=tenant.headers)).json()["data"]}
    ids = [m["id"] for m in made]
    assert listed[ids[0]]["primary"] and listed[ids[1]]["priority"] > listed[ids[2]]["priority"]
    assert [(a["integrationId"], a["statusCode"]) for a in done["attempts"]] == list(
        zip(ids, [400, 404, 422], strict=True)
    )
    assert done["lastError"] == f"{ids[2]}: HTTP 422"
    assert [len(r.received) for r in (one, two, three)] == [1, 1, 1]


async def test_an_integration_whose_conditions_match_carries_the_message_and_is_skipped_otherwise(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver() as default, Receiver() as europe:
        general = await create_webhook(client, tenant.headers, default.url, name="general")
        eu = await create_webhook(client, tenant.headers, europe.url, name="eu", conditions=EU)
        assert general["primary"] is True and eu["primary"] is False
        eu_message = await send(client, tenant.headers, payload={"region": "eu", "order": 1})
        us_message = await send(client, tenant.headers, payload={"region": "us", "order": 2})
        bare_message = await send(client, tenant.headers, payload={"order": 3})
        eu_done = await wait_status(client, tenant.headers, eu_message["id"], "delivered")
        us_done = await wait_status(client, tenant.headers, us_message["id"], "delivered")
        bare_done = await wait_status(client, tenant.headers, bare_message["id"], "delivered")
    assert eu_done["integrationId"] == eu["id"]
    assert us_done["integrationId"] == general["id"]
    assert bare_done["integrationId"] == general["id"]
    assert [r.json()["data"]["order"] for r in europe.received] == [1]
    assert sorted(r.json()["data"]["order"] for r in default.received) == [2, 3]


async def test_a_message_only_a_conditional_integration_could_carry_is_refused_when_it_does_not_match(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver() as europe:
        await create_webhook(client, tenant.headers, europe.url, name="eu only", conditions=EU)
        refused = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "webhook", "payload": {"region": "us"}}
        )
        assert refused.status_code == 422
        assert [e["path"] for e in refused.json()["errors"]] == ["channel"]
        sent = await send(client, tenant.headers, payload={"region": "eu"})
        await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert len(europe.received) == 1


async def test_a_named_integration_is_the_only_one_used(client, tenant: Tenant, worker) -> None:
    async with Receiver() as main, Receiver(default=status(400)) as named:
        await create_webhook(client, tenant.headers, main.url, name="main")
        chosen = await create_webhook(client, tenant.headers, named.url, name="chosen")
        sent = await send(client, tenant.headers, integrationId=chosen["id"])
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
        named.default = status(200)
        ok = await send(client, tenant.headers, integrationId=chosen["id"])
        ok_done = await wait_status(client, tenant.headers, ok["id"], "delivered")
    assert main.received == []
    assert done["requestedIntegrationId"] == chosen["id"]
    assert [(a["integrationId"], a["outcome"]) for a in done["attempts"]] == [(chosen["id"], "failed")]
    assert ok_done["integrationId"] == chosen["id"]


async def test_a_named_integration_created_a_moment_ago_is_found_by_the_worker(client, tenant: Tenant, worker) -> None:
    async with Receiver() as first, Receiver() as later:
        await create_webhook(client, tenant.headers, first.url, name="first")
        warm = await send(client, tenant.headers)  # the worker now knows this environment's webhooks
        await wait_status(client, tenant.headers, warm["id"], "delivered")
        fresh = await create_webhook(client, tenant.headers, later.url, name="later")
        sent = await send(client, tenant.headers, integrationId=fresh["id"])
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert done["integrationId"] == fresh["id"]
    assert len(later.received) == 1


async def test_naming_an_unusable_integration_is_refused_at_accept(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url, name="active one")
        asleep = await create_webhook(client, tenant.headers, receiver.url, name="asleep", active=False)
        email = await client.post(
            "/v2/integrations",
            headers=tenant.headers,
            json={"name": "mail", "type": "smtp", "properties": {"host": "smtp.example.com", "from": "a@example.com"}},
        )
        assert email.status_code == 201, email.text
        cases = {
            asleep["id"]: "is not active",
            email.json()["id"]: "does not send on channel webhook",
            "int_01JZZZZZZZZZZZZZZZZZZZZZZZ": "does not exist",
            "not-an-id": "is not an integration id",
        }
        for integration_id, reason in cases.items():
            refused = await client.post(
                "/v2/messages", headers=tenant.headers, json={"channel": "webhook", "integrationId": integration_id}
            )
            assert refused.status_code == 422, (integration_id, refused.text)
            [error] = refused.json()["errors"]
            assert error["path"] == "integrationId"
            assert reason in error["message"]
        listed = (await client.get("/v2/messages", headers=tenant.headers)).json()["data"]
    assert listed == []
    assert receiver.received == []


async def test_a_channel_without_an_active_integration_is_refused_naming_channel(
    client, tenant: Tenant, worker
) -> None:
    for body in (
        {"channel": "webhook", "payload": {"a": 1}},
        {"channel": "email", "to": "ops@example.com", "text": "hello"},
    ):
        refused = await client.post("/v2/messages", headers=tenant.headers, json=body)
        assert refused.status_code == 422, refused.text
        assert [e["path"] for e in refused.json()["errors"]] == ["channel"]
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url, active=False)
        refused = await client.post("/v2/messages", headers=tenant.headers, json={"channel": "webhook"})
    assert refused.status_code == 422
    assert [e["path"] for e in refused.json()["errors"]] == ["channel"]
    assert (await client.get("/v2/messages", headers=tenant.headers)).json()["data"] == []


async def test_the_breaker_opens_after_three_failures_and_messages_go_around_it(client, tenant: Tenant, worker) -> None:
    async with Receiver(default=status(503)) as broken, Receiver() as spare:
        primary = await create_webhook(client, tenant.headers, broken.url, name="flaky")
        second = await create_webhook(client, tenant.headers, spare.url, name="spare")
        batch = {"messages": [{"channel": "webhook", "payload": {"n": n}} for n in range(3)]}
        accepted = await client.post("/v2/messages/batch", headers=tenant.headers, json=batch)
        assert accepted.status_code == 202, accepted.text
        first_wave = accepted.json()["data"]  # claimed together, so each fails once before any retry is due
        await broken.wait_for(3)
        breaker = worker.guards.breaker(primary["id"])
        async with asyncio.timeout(2):
            while breaker.state != "open":  # the third result is recorded a moment after the request arrived
                await asyncio.sleep(0.01)
        second_wave = [await send(client, tenant.headers, payload={"n": n}) for n in range(3, 6)]
        done = [await wait_status(client, tenant.headers, m["id"], "delivered") for m in first_wave + second_wave]
        assert len(broken.received) == 3, "the open breaker let requests through to the broken receiver"
        assert all(m["integrationId"] == second["id"] for m in done)
        assert sorted(r.json()["data"]["n"] for r in spare.received) == list(range(6))
        assert [(a["integrationId"], a["outcome"], a["statusCode"]) for a in done[0]["attempts"]] == [
            (primary["id"], "retry", 503),
            (second["id"], "delivered", 200),
        ]
        assert [a["integrationId"] for a in done[3]["attempts"]] == [second["id"]]

        # After the cooldown (1 s in tests) one probe goes through; a success closes the breaker again.
        broken.default = status(200)
        await asyncio.sleep(1.05)
        probe = await send(client, tenant.headers, payload={"n": 6})
        probed = await wait_status(client, tenant.headers, probe["id"], "delivered")
    assert probed["integrationId"] == primary["id"]
    assert worker.guards.breaker(primary["id"]).state == "closed"
