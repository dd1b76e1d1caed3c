"""A `telegram` integration through the engine: flood control is waited out, test-send names a chat, bad URLs fail."""

from __future__ import annotations

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.engine import integrate, send_message, test_send
from tests.providers.telegram.contract import CASE, TOKEN
from tests.providers.telegram.fake import FakeTelegram, documented


async def test_flood_control_is_retried_then_delivered(client, tenant: Tenant, worker) -> None:
    async with FakeTelegram().receiver(documented("send_message__too_many_requests")) as api:
        await integrate(client, tenant, CASE, api.url)
        done = await send_message(client, tenant, CASE, "delivered")
    assert len(api.received) == 2
    first, second = done["attempts"]
    assert (first["outcome"], first["statusCode"], first["detail"]) == (
        "retry", 429, "HTTP 429: Telegram: Too Many Requests: retry after 35",
    )  # fmt: skip
    assert second["outcome"] == "delivered"


async def test_test_send_posts_to_the_named_chat(client, tenant: Tenant, worker) -> None:
    async with FakeTelegram().receiver() as api:
        integration = await integrate(client, tenant, CASE, api.url)
        action = await test_send(client, tenant, integration, {"to": {"chatId": "@ops_alerts"}})
    assert (action["status"], action["result"]["statusCode"]) == ("succeeded", 200), action
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
