"""Email through a `sendgrid` integration over the HTTP API: delivery, a retry, a refusal, and test-send."""

from __future__ import annotations

import asyncio
from typing import Any

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.sendgrid.contract import API_KEY
from tests.providers.sendgrid.fake import FakeSendGrid, documented, fixture
from tests.receivers import Receiver, wait_status

EMAIL = {
    "channel": "email",
    "to": {"email": "ann@example.org", "name": "Ann Lee"},
    "subject": "Your report",
    "text": "Hello Ann",
    "html": "<p>Hello Ann</p>",
}


async def create(client, tenant: Tenant, api: Receiver, **properties: Any) -> dict[str, Any]:
    body = {
        "name": "SendGrid",
        "type": "sendgrid",
        "properties": {"from": "alerts@example.com", "senderName": "Acme Alerts", "baseUrl": api.url, **properties},
        "credentials": {"apiKey": API_KEY},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    assert API_KEY not in created.text
    return created.json()


async def send(client, tenant: Tenant) -> dict[str, Any]:
    sent = await client.post("/v2/messages", headers=tenant.headers, json=EMAIL)
    assert sent.status_code == 202, sent.text
    return sent.json()


async def test_an_email_is_delivered_once_with_sendgrids_id(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid().receiver() as api:
        integration = await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
        await asyncio.sleep(0.2)  # a second request would arrive now if the message were sent twice
    [request] = api.received
    assert request.path == "/v3/mail/send"
    body = request.json()
    assert body["personalizations"][0]["to"] == [{"email": "ann@example.org", "name": "Ann Lee"}]
    assert body["headers"] == {"X-Interlink-Message-Id": sent["id"]}
    assert body["subject"] == "Your report"
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["statusCode"], attempt["integrationId"]) == (
        "delivered", 202, integration["id"],
    )  # fmt: skip
    assert attempt["providerMessageId"] == fixture("mail_send__accepted")["headers"]["X-Message-Id"]


async def test_a_rate_limited_email_is_retried_then_delivered(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid().receiver(documented("error__429", {"Retry-After": "1"})) as api:
        await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert [a["outcome"] for a in done["attempts"]] == ["retry", "delivered"]
    assert done["attempts"][0]["detail"] == "HTTP 429: too many requests"
    assert len(api.received) == 2


async def test_a_refused_key_fails_the_email_without_showing_it(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid(api_key="SG.another-key").receiver() as api:
        await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert "HTTP 401: authorization required" in done["lastError"]
    assert API_KEY not in str(done)
    assert len(api.received) == 1


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid().receiver() as api:
        integration = await create(client, tenant, api, recipients=["ops@example.com"])
        started = await client.post(f"/v2/integrations/{integration['id']}/actions/test-send", headers=tenant.headers)
        assert started.status_code == 202, started.text
        async with asyncio.timeout(10):
            while (action := (await client.get(started.headers["Location"], headers=tenant.headers)).json())[
                "status"
            ] not in ("succeeded", "failed"):
                await asyncio.sleep(0.05)
    assert action["status"] == "succeeded", action
    assert (action["result"]["outcome"], action["result"]["statusCode"]) == ("delivered", 202)
    [request] = api.received
    body = request.json()
    assert body["personalizations"][0]["to"] == [{"email": "ops@example.com"}]
    assert body["subject"] == "Interlink test"
    assert body["content"] == [{"type": "text/plain", "value": TEST_TEXT}]
