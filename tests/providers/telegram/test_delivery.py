"""Chat through a `telegram` integration over the HTTP API: delivered once with its message_id, and test-send."""

from __future__ import annotations

import asyncio
from typing import Any

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.telegram.contract import CHAT, TOKEN
from tests.providers.telegram.fake import FakeTelegram, documented
from tests.receivers import Receiver, wait_status


async def create(client, tenant: Tenant, api: Receiver, **properties: Any) -> dict[str, Any]:
    body = {
        "name": "Ops chat",
        "type": "telegram",
        "properties": {"chatId": str(CHAT), "baseUrl": api.url, **properties},
        "credentials": {"apiToken": TOKEN},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    assert TOKEN not in created.text
    return created.json()


async def wait_action(client, tenant: Tenant, location: str) -> dict[str, Any]:
    async with asyncio.timeout(10):
        while True:
            action = (await client.get(location, headers=tenant.headers)).json()
            if action["status"] in ("succeeded", "failed"):
                return action
            await asyncio.sleep(0.05)


async def test_a_chat_message_is_delivered_once_with_its_message_id(client, tenant: Tenant, worker) -> None:
    async with FakeTelegram().receiver() as api:
        integration = await create(client, tenant, api)
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "chat", "subject": "Pump 3", "text": "stopped"}
        )
        assert sent.status_code == 202, sent.text
        done = await wait_status(client, tenant.headers, sent.json()["id"], "delivered")
        await asyncio.sleep(0.2)  # a second request would arrive now if the message were sent twice
    [request] = api.received
    assert request.json() == {"chat_id": CHAT, "text": "Pump 3\n\nstopped"}
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["statusCode"], attempt["integrationId"]) == (
        "delivered", 200, integration["id"],
    )  # fmt: skip
    assert attempt["providerMessageId"] == "42"


async def test_flood_control_is_retried_then_delivered(client, tenant: Tenant, worker) -> None:
    limited = documented("send_message__too_many_requests")
    async with FakeTelegram().receiver(limited) as api:
        await create(client, tenant, api)
        sent = await client.post("/v2/messages", headers=tenant.headers, json={"channel": "chat", "text": "again"})
        done = await wait_status(client, tenant.headers, sent.json()["id"], "delivered", timeout=20)
    assert len(api.received) == 2
    first, second = done["attempts"]
    assert (first["outcome"], first["statusCode"], first["detail"]) == (
        "retry", 429, "HTTP 429: Telegram: Too Many Requests: retry after 35",
    )  # fmt: skip
    assert second["outcome"] == "delivered"


async def test_a_refused_message_fails_and_no_log_holds_the_token(client, tenant: Tenant, worker) -> None:
    async with FakeTelegram().receiver() as api:
        await create(client, tenant, api, chatId="-1009")
        sent = await client.post("/v2/messages", headers=tenant.headers, json={"channel": "chat", "text": "hi"})
        done = await wait_status(client, tenant.headers, sent.json()["id"], "failed")
    assert len(api.received) == 1
    assert done["lastError"].endswith("Telegram: Bad Request: chat not found")
    listed = await client.get("/v2/messages", headers=tenant.headers)
    for text in (str(done), listed.text):
        assert TOKEN not in text


async def test_test_send_posts_to_the_named_chat(client, tenant: Tenant, worker) -> None:
    async with FakeTelegram().receiver() as api:
        integration = await create(client, tenant, api)
        started = await client.post(
            f"/v2/integrations/{integration['id']}/actions/test-send",
            headers=tenant.headers,
            json={"to": {"chatId": "@ops_alerts"}},
        )
        assert started.status_code == 202, started.text
        done = await wait_action(client, tenant, started.headers["Location"])
    assert done["status"] == "succeeded", done
    assert (done["result"]["outcome"], done["result"]["statusCode"]) == ("delivered", 200)
    [request] = api.received
    assert request.json() == {"chat_id": "@ops_alerts", "text": f"Interlink test\n\n{TEST_TEXT}"}


async def test_an_unparseable_base_url_is_refused_naming_the_field(client, tenant: Tenant) -> None:
    body = {
        "name": "Ops chat",
        "type": "telegram",
        "properties": {"chatId": "1", "baseUrl": "http://[::1"},
        "credentials": {"apiToken": TOKEN},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 422, created.text
    assert [e["path"] for e in created.json()["errors"]] == ["properties.baseUrl"]
