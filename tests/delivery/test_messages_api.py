"""``/v2/messages``: bad input is refused naming the field and changes nothing; keys, idempotency, batch, lists."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook, send, status, wait_status


async def _refused(client, tenant: Tenant, body: Any) -> list[str]:
    """POST ``body``, expect a 422 problem document, and return the failing paths."""
    got = await client.post("/v2/messages", headers=tenant.headers, json=body)
    assert got.status_code == 422, got.text
    assert got.headers["content-type"] == "application/problem+json"
    return [e["path"] for e in got.json().get("errors", [])]


async def _messages(client, tenant: Tenant, query: str = "") -> list[dict[str, Any]]:
    got = await client.get(f"/v2/messages{query}", headers=tenant.headers)
    assert got.status_code == 200, got.text
    return got.json()["data"]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"channel": "pigeon", "text": "hi"}, "channel"),
        ({"channel": "email", "to": "not-an-address", "text": "hi"}, "to"),
        ({"channel": "email", "to": {"email": "a@"}, "text": "hi"}, "to"),
        ({"channel": "email", "text": "hi"}, "to"),
        ({"channel": "sms", "to": "call me", "text": "hi"}, "to"),
        ({"channel": "sms", "to": "+1", "text": "hi"}, "to"),
        ({"channel": "in_app", "to": 42, "text": "hi"}, "to"),
        ({"channel": "push", "to": "device", "text": "hi"}, "to"),
        ({"channel": "email", "to": "ops@example.com"}, "text"),
        ({"channel": "sms", "to": "+14155552671"}, "text"),
        ({"channel": "email", "to": "ops@example.com", "template": {"text": "Hi {{ name }}"}}, "template.text"),
        ({"channel": "email", "to": "ops@example.com", "template": {"html": "{% for %}"}}, "template.html"),
        ({"channel": "email", "to": "ops@example.com", "template": {"body": "x"}}, "template.body"),
        ({"channel": "email", "to": "ops@example.com", "text": "hi", "bogus": 1}, "bogus"),
        ({"channel": "email", "to": "ops@example.com", "text": 5}, "text"),
        ({"channel": "email", "to": "ops@example.com", "text": "x" * 100_001}, "text"),
        ({"channel": "webhook", "payload": [1, 2]}, "payload"),
        ({"channel": "webhook", "integrationId": "int_nope"}, "integrationId"),
        ({"text": "hi"}, "channel"),
    ],
)
async def test_bad_input_is_refused_naming_the_field(client, tenant: Tenant, body: dict, path: str) -> None:
    assert await _refused(client, tenant, body) == [path]
    assert await _messages(client, tenant) == []


@pytest.mark.parametrize(
    ("source", "data"),
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", {}),
        ("{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", {"s": "x" * 50_000}),
        ("{% set __interlink_budget = ''.join %}{% for a in s %}{% endfor %}", {"s": "x"}),
        ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", {}),
        ("{{ 'x' * 1000000000 }}", {}),
        ("{{ 10 ** 100000 }}", {}),
        ("{{ 'x'|center(999999999) }}", {}),
        ("{{ '%0999999999d' % 1 }}", {}),
        ("{{ '{:>999999999}'.format(1) }}", {}),
        ("{{ s|indent(1000) }}", {"s": "line\n" * 100_000}),
        ("{{ s|replace('', filler) }}", {"s": "x" * 100_000, "filler": "y" * 1000}),
        ("{% for i in range(100000) %}{{ 'abcdefghij' }}{% endfor %}", {}),
        ("{% include 'other' %}", {}),
        ("{{ ''.__class__.__mro__ }}", {}),
        ("{{ 1 / 0 }}", {}),
    ],
)
async def test_a_template_that_is_unsafe_or_does_too_much_work_is_refused_quickly(
    client, tenant: Tenant, source: str, data: dict
) -> None:
    body = {"channel": "email", "to": "ops@example.com", "template": {"text": source}, "data": data}
    started = time.monotonic()
    assert await _refused(client, tenant, body) == ["template.text"]
    assert time.monotonic() - started < 2
    assert await _messages(client, tenant) == []


async def test_a_template_renders_with_its_data_and_html_is_escaped(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(
            client,
            tenant.headers,
            template={"subject": "Order {{ order.id }}", "html": "<p>{{ note }}</p>"},
            data={"order": {"id": 7}, "note": "<script>x</script>"},
        )
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert done["subject"] == "Order 7"
    assert done["html"] == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    assert receiver.received[0].json()["content"]["html"] == done["html"]


async def test_malformed_json_is_a_400(client, tenant: Tenant) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    got = await client.post("/v2/messages", headers=headers, content=b'{"channel": "email", ')
    assert got.status_code == 400, got.text
    assert [e["path"] for e in got.json()["errors"]] == ["body"]
    assert await _messages(client, tenant) == []


async def test_an_oversize_body_is_a_413(client, tenant: Tenant) -> None:
    body = {"channel": "webhook", "payload": {"blob": "x" * (1_100_000)}}
    got = await client.post("/v2/messages", headers=tenant.headers, json=body)
    assert got.status_code == 413, got.text
    assert await _messages(client, tenant) == []


async def test_keys_and_scopes(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        body = {"channel": "webhook", "payload": {"a": 1}}
        assert (await client.post("/v2/messages", json=body)).status_code == 401
        assert (await client.post("/v2/messages", json=body, headers={"X-Api-Key": "nope"})).status_code == 401
        assert (await client.get("/v2/messages")).status_code == 401
        read_only = await client.post("/v2/messages", json=body, headers=tenant.key(tenant.read_only))
        assert read_only.status_code == 403
        assert await _messages(client, tenant) == []

        written = await client.post("/v2/messages", json=body, headers=tenant.key(tenant.write_only))
        assert written.status_code == 202, written.text
        message_id = written.json()["id"]
        url = f"/v2/messages/{message_id}"
        assert (await client.get(url, headers=tenant.key(tenant.write_only))).status_code == 403
        assert (await client.get("/v2/messages", headers=tenant.key(tenant.write_only))).status_code == 403
        assert (await client.get(url, headers=tenant.key(tenant.read_only))).status_code == 200
        assert (await client.get(url, headers=tenant.key(tenant.other_rw))).status_code == 404
        assert (await client.get("/v2/messages", headers=tenant.key(tenant.other_rw))).json()["data"] == []
        assert (
            await client.get("/v2/messages/msg_01JZZZZZZZZZZZZZZZZZZZZZZZ", headers=tenant.headers)
        ).status_code == 404
        assert (await client.get("/v2/messages/garbage", headers=tenant.headers)).status_code == 404
        await wait_status(client, tenant.headers, message_id, "delivered")


async def test_an_idempotency_key_sends_the_message_once(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        headers = {**tenant.headers, "Idempotency-Key": "order-42-paid"}
        body = {"channel": "webhook", "eventType": "order.paid", "payload": {"order": 42}}
        first = await client.post("/v2/messages", headers=headers, json=body)
        again = await client.post("/v2/messages", headers=headers, json=body)
        assert first.status_code == again.status_code == 202, (first.text, again.text)
        assert again.json()["id"] == first.json()["id"]
        assert "Idempotency-Replay" not in first.headers
        assert again.headers["Idempotency-Replay"] == "true"

        reused = await client.post("/v2/messages", headers=headers, json={**body, "payload": {"order": 43}})
        assert reused.status_code == 422
        assert [e["path"] for e in reused.json()["errors"]] == ["Idempotency-Key"]

        await wait_status(client, tenant.headers, first.json()["id"], "delivered")
        third = await client.post("/v2/messages", headers=headers, json=body)
        assert third.json()["id"] == first.json()["id"]
        await receiver.wait_for(1)
        assert [m["id"] for m in await _messages(client, tenant)] == [first.json()["id"]]
    assert len(receiver.received) == 1


async def test_a_refused_request_leaves_its_idempotency_key_free(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        headers = {**tenant.headers, "Idempotency-Key": "retry-me"}
        body = {"channel": "webhook", "payload": {"a": 1}}
        assert (await client.post("/v2/messages", headers=headers, json=body)).status_code == 422  # no integration yet
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await client.post("/v2/messages", headers=headers, json=body)
        assert sent.status_code == 202, sent.text
        assert "Idempotency-Replay" not in sent.headers
        await wait_status(client, tenant.headers, sent.json()["id"], "delivered")


async def test_a_batch_with_one_bad_message_queues_nothing(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        good = {"channel": "webhook", "payload": {"n": 1}}
        cases = [
            ({"channel": "email", "to": "nobody", "text": "x"}, "messages[1].to"),
            ({"channel": "webhook", "bogus": True}, "messages[1].bogus"),
            ({"channel": "webhook", "template": {"text": "{{ missing }}"}}, "messages[1].template.text"),
        ]
        for bad, path in cases:
            got = await client.post(
                "/v2/messages/batch",
                headers=tenant.headers,
                json={"messages": [good, bad, {**good, "payload": {"n": 3}}]},
            )
            assert got.status_code == 422, got.text
            assert [e["path"] for e in got.json()["errors"]] == [path]
        assert (
            await client.post("/v2/messages/batch", headers=tenant.headers, json={"messages": []})
        ).status_code == 422
        assert await _messages(client, tenant) == []

        ok = await client.post(
            "/v2/messages/batch",
            headers=tenant.headers,
            json={"messages": [{**good, "payload": {"n": n}} for n in range(3)]},
        )
        assert ok.status_code == 202, ok.text
        ids = [m["id"] for m in ok.json()["data"]]
        assert len(set(ids)) == 3
        for message_id in ids:
            await wait_status(client, tenant.headers, message_id, "delivered")
    assert sorted(r.json()["data"]["n"] for r in receiver.received) == [0, 1, 2]


async def test_a_batch_with_an_idempotency_key_is_stored_once_and_replayed_exactly(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        headers = {**tenant.headers, "Idempotency-Key": "batch-7"}
        body = {"messages": [{"channel": "webhook", "eventType": "order.paid", "payload": {"n": n}} for n in range(3)]}
        first = await client.post("/v2/messages/batch", headers=headers, json=body)
        again = await client.post("/v2/messages/batch", headers=headers, json=body)
        assert first.status_code == again.status_code == 202, (first.text, again.text)
        assert again.content == first.content and again.headers["Idempotency-Replay"] == "true"
        ids = [m["id"] for m in first.json()["data"]]
        for message_id in ids:
            shown = await wait_status(client, tenant.headers, message_id, "delivered")
            assert shown["eventType"] == "order.paid"
        await receiver.wait_for(3)
        assert sorted(m["id"] for m in await _messages(client, tenant)) == sorted(ids)
    assert len(receiver.received) == 3


async def test_lists_filter_by_status_channel_and_integration_and_page_with_before(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver() as first, Receiver(default=status(400)) as second:
        one = await create_webhook(client, tenant.headers, first.url, name="one")
        two = await create_webhook(client, tenant.headers, second.url, name="two")
        delivered = [await send(client, tenant.headers, integrationId=one["id"]) for _ in range(3)]
        failed = await send(client, tenant.headers, integrationId=two["id"])
        for m in delivered:
            await wait_status(client, tenant.headers, m["id"], "delivered")
        await wait_status(client, tenant.headers, failed["id"], "failed")

    newest_first = [failed["id"], *reversed([m["id"] for m in delivered])]
    assert [m["id"] for m in await _messages(client, tenant)] == newest_first
    assert [m["id"] for m in await _messages(client, tenant, "?status=failed")] == [failed["id"]]
    assert len(await _messages(client, tenant, "?status=delivered")) == 3
    assert await _messages(client, tenant, "?status=queued") == []
    assert len(await _messages(client, tenant, "?channel=webhook")) == 4
    assert await _messages(client, tenant, "?channel=email") == []
    assert len(await _messages(client, tenant, f"?integrationId={one['id']}")) == 3
    assert await _messages(client, tenant, f"?integrationId={two['id']}") == []  # it failed: carried by none

    page = (await client.get("/v2/messages?limit=2", headers=tenant.headers)).json()
    assert [m["id"] for m in page["data"]] == newest_first[:2]
    assert page["nextCursor"] == newest_first[1]
    rest = (await client.get(f"/v2/messages?limit=2&cursor={page['nextCursor']}", headers=tenant.headers)).json()
    assert [m["id"] for m in rest["data"]] == newest_first[2:]
    last = (await client.get(f"/v2/messages?limit=2&cursor={newest_first[-1]}", headers=tenant.headers)).json()
    assert last == {"data": [], "nextCursor": None}

    bad = await client.get("/v2/messages?status=lost", headers=tenant.headers)
    assert bad.status_code == 422
    assert [e["path"] for e in bad.json()["errors"]] == ["status"]
    assert (await client.get("/v2/messages?limit=0", headers=tenant.headers)).status_code == 422
