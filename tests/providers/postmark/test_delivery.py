"""Email through a `postmark` integration over the HTTP API: delivery, a retry, a refusal, and test-send."""

from __future__ import annotations

import asyncio
from typing import Any

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.postmark.contract import SIGNATURE, TOKEN
from tests.providers.postmark.fake import FakePostmark, documented, fixture
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
        "name": "Postmark",
        "type": "postmark",
        "properties": {"from": SIGNATURE, "senderName": "Acme Alerts", "baseUrl": api.url, **properties},
        "credentials": {"apiKey": TOKEN},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    assert TOKEN not in created.text
    assert created.json()["properties"]["messageStream"] == "outbound"
    return created.json()


async def send(client, tenant: Tenant) -> dict[str, Any]:
    sent = await client.post("/v2/messages", headers=tenant.headers, json=EMAIL)
    assert sent.status_code == 202, sent.text
    return sent.json()


async def test_an_email_is_delivered_once_with_postmarks_id(client, tenant: Tenant, worker) -> None:
    async with FakePostmark().receiver() as api:
        integration = await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
        await asyncio.sleep(0.2)  # a second request would arrive now if the message were sent twice
    [request] = api.received
    body = request.json()
    assert (body["To"], body["Subject"], body["HtmlBody"]) == (
        "Ann Lee <ann@example.org>",
        "Your report",
        "<p>Hello Ann</p>",
    )
    assert body["Metadata"] == {"interlinkMessageId": sent["id"]}
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["statusCode"], attempt["integrationId"]) == (
        "delivered", 200, integration["id"],
    )  # fmt: skip
    assert attempt["providerMessageId"] == fixture("email__sent")["body"]["MessageID"]


async def test_an_email_during_maintenance_is_retried_then_delivered(client, tenant: Tenant, worker) -> None:
    async with FakePostmark().receiver(documented("error__maintenance")) as api:
        await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert [a["outcome"] for a in done["attempts"]] == ["retry", "delivered"]
    assert done["attempts"][0]["statusCode"] == 503
    assert len(api.received) == 2


async def test_an_inactive_recipient_fails_the_email(client, tenant: Tenant, worker) -> None:
    fake = FakePostmark()
    fake.inactive.add("ann@example.org")
    async with fake.receiver() as api:
        await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert "HTTP 422: You tried to send to recipient(s) that have been marked as inactive" in done["lastError"]
    assert TOKEN not in str(done)
    assert len(api.received) == 1


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    async with FakePostmark().receiver() as api:
        integration = await create(client, tenant, api, recipients=["ops@example.com"])
        started = await client.post(f"/v2/integrations/{integration['id']}/actions/test-send", headers=tenant.headers)
        assert started.status_code == 202, started.text
        async with asyncio.timeout(10):
            while (action := (await client.get(started.headers["Location"], headers=tenant.headers)).json())[
                "status"
            ] not in ("succeeded", "failed"):
                await asyncio.sleep(0.05)
    assert action["status"] == "succeeded", action
    assert (action["result"]["outcome"], action["result"]["statusCode"]) == ("delivered", 200)
    [request] = api.received
    body = request.json()
    assert (body["To"], body["Subject"], body["TextBody"]) == ("ops@example.com", "Interlink test", TEST_TEXT)
