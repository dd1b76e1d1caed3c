"""Every JSON body is checked before a route reads it, and no stored record can break a response or a worker."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from interlink.core import jsonsafe
from interlink.services import messages
from tests.api.helpers import assert_problem, caller_of, create
from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook, wait_status


def nested(depth: int) -> Any:
    value: Any = {"leaf": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


def deep_body(depth: int) -> bytes:
    return b'{"channel":"webhook","payload":' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"


async def test_a_payload_nested_too_deep_is_refused_naming_it_and_the_list_still_answers(
    client, tenant: Tenant
) -> None:
    await create(client, tenant)
    for field in ("payload", "metadata", "data"):
        body = {"channel": "webhook", field: nested(40)}
        assert_problem(await client.post("/v2/messages", json=body, headers=tenant.headers), 422, field)
    to = {"channel": "webhook", "to": nested(40)}
    assert_problem(await client.post("/v2/messages", json=to, headers=tenant.headers), 422, "to")
    listed = await client.get("/v2/messages", headers=tenant.headers)
    assert listed.status_code == 200 and listed.json()["data"] == []


async def test_deep_conditions_are_refused_on_every_face(client, tenant: Tenant) -> None:
    conditions = [{"children": [nested(40)]}]
    native = await client.post(
        "/v2/integrations",
        json={"name": "x", "type": "webhook", "properties": {"url": "https://e.example/x"}, "conditions": conditions},
        headers=tenant.headers,
    )
    assert_problem(native, 422, "conditions")
    novu = await client.post(
        "/v1/integrations",
        json={"providerId": "sendgrid", "channel": "email", "conditions": conditions},
        headers={"Authorization": f"ApiKey {tenant.rw}"},
    )
    assert novu.status_code == 400 and novu.json()["message"] == ["conditions is nested more than 32 levels deep"]
    campaign = await client.post("/en/api/integration", json={"name": nested(40)}, headers=tenant.headers)
    assert campaign.status_code == 400
    assert campaign.json()["result"]["errors"] == [{"field": "name", "message": "is nested more than 32 levels deep"}]
    for url in ("/v2/integrations", "/v1/integrations"):
        assert (await client.get(url, headers=tenant.headers)).status_code == 200


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 2000 + b"]" * 2000,  # past the parser's own limit
        b'{"channel": "webhook", "text": "\xff\xfe"}',  # invalid UTF-8
        b'{"channel": "webhook", "payload": {"n": ' + b"9" * 5000 + b"}}",  # a 5,000-digit number
        b'{"channel": "webhook", "payload": {"n": 1',  # truncated
        b'{"channel": "webhook", "text": "\\ud800"}',  # an unpaired surrogate
    ],
)
async def test_unreadable_bodies_get_one_problem_shape_naming_the_body(client, tenant: Tenant, raw: bytes) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    got = await client.post("/v2/messages", content=raw, headers=headers)
    body = assert_problem(got, 400, "body")
    assert body["title"] == "Bad Request"


async def test_an_integer_that_cannot_be_stored_is_refused(client, tenant: Tenant) -> None:
    raw = b'{"channel": "webhook", "metadata": {"n": 18446744073709551616}}'
    got = await client.post("/v2/messages", content=raw, headers={**tenant.headers, "Content-Type": "application/json"})
    assert_problem(got, 422, "metadata.n")


async def test_a_text_body_on_a_json_route_says_what_is_wrong(client, tenant: Tenant) -> None:
    headers = {**tenant.headers, "Content-Type": "text/plain"}
    got = await client.post("/v2/messages", content=b"hello", headers=headers)
    body = assert_problem(got, 422, "body")
    assert "JSON" in body["errors"][0]["message"]


async def test_a_stored_message_too_deep_to_send_fails_at_once_and_lists_still_answer(
    client, hub, worker, tenant: Tenant
) -> None:
    """A row accepted before the limits existed: listed and shown (200), failed permanently, never retried."""
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url + "/in")
        who = await caller_of(hub, tenant.rw)
        [old] = await messages.accept(hub, who, [messages.MessageDraft(channel="webhook", payload=nested(300))])
        failed = await wait_status(client, tenant.headers, old.id, "failed")
        assert failed["lastError"] == "the message cannot be sent: payload is nested more than 128 levels deep"
        assert failed["attempts"] == [] and receiver.received == []
        listed = await client.get("/v2/messages", params={"status": "failed"}, headers=tenant.headers)
        assert listed.status_code == 200
        [row] = listed.json()["data"]
        assert row["id"] == old.id and jsonsafe.TOO_DEEP in orjson.dumps(row["payload"]).decode()


async def test_a_body_without_content_type_is_checked_when_it_looks_like_json(client, tenant: Tenant) -> None:
    deep = await client.post("/v2/messages", content=deep_body(40), headers=tenant.headers)
    assert_problem(deep, 422, "payload")
    text = await client.post("/v2/messages", content=b"plain words", headers=tenant.headers)
    assert text.status_code == 422 and text.headers["content-type"] == "application/problem+json"
