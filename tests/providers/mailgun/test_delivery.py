"""Email through a `mailgun` integration over the HTTP API: delivery, a retry, a refusal, and test-send."""

from __future__ import annotations

import asyncio
from typing import Any

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.mailgun.contract import API_KEY, DOMAIN
from tests.providers.mailgun.fake import FakeMailgun, documented, fixture
from tests.receivers import Receiver, status, wait_status

EMAIL = {
    "channel": "email",
    "to": {"email": "ann@example.org", "name": "Ann Lee"},
    "subject": "Your report",
    "text": "Hello Ann",
    "html": "<p>Hello Ann</p>",
}


async def create(client, tenant: Tenant, api: Receiver, **properties: Any) -> dict[str, Any]:
    body = {
        "name": "Mailgun",
        "type": "mailgun",
        "properties": {"domain": DOMAIN, "from": "alerts@mg.example.com", "baseUrl": api.url, **properties},
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


async def test_an_email_is_delivered_once_with_mailguns_id(client, tenant: Tenant, worker) -> None:
    fake = FakeMailgun()
    async with fake.receiver() as api:
        integration = await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
        await asyncio.sleep(0.2)  # a second request would arrive now if the message were sent twice
    assert len(api.received) == 1
    [form] = fake.forms
    assert form["to"] == ["Ann Lee <ann@example.org>"]
    assert form["subject"] == ["Your report"] and form["html"] == ["<p>Hello Ann</p>"]
    assert form["h:X-Interlink-Message-Id"] == [sent["id"]]
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["statusCode"], attempt["integrationId"]) == (
        "delivered", 200, integration["id"],
    )  # fmt: skip
    assert attempt["providerMessageId"] == fixture("messages__queued")["body"]["id"]


async def test_a_rate_limited_email_is_retried_then_delivered(client, tenant: Tenant, worker) -> None:
    async with FakeMailgun().receiver(status(429, {"Retry-After": "1"})) as api:
        await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert [a["outcome"] for a in done["attempts"]] == ["retry", "delivered"]
    assert len(api.received) == 2


async def test_a_refused_sandbox_recipient_fails_the_email(client, tenant: Tenant, worker) -> None:
    async with FakeMailgun().receiver(documented("error__forbidden")) as api:
        await create(client, tenant, api)
        sent = await send(client, tenant)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert "HTTP 403: Domain sandbox4d7b5f8c.mailgun.org is not allowed to send" in done["lastError"]
    assert API_KEY not in str(done)
    assert len(api.received) == 1


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    fake = FakeMailgun()
    async with fake.receiver() as api:
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
    [form] = fake.forms
    assert (form["to"], form["subject"], form["text"]) == (["ops@example.com"], ["Interlink test"], [TEST_TEXT])
