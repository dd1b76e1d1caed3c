"""SMS through a `twilio` integration over the HTTP API: delivered once with Twilio's sid, and test-send."""

from __future__ import annotations

import asyncio
from typing import Any

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.twilio.contract import ACCOUNT, TOKEN
from tests.providers.twilio.fake import FakeTwilio, documented, form
from tests.receivers import Receiver, wait_status


async def create(client, tenant: Tenant, api: Receiver, **properties: Any) -> dict[str, Any]:
    body = {
        "name": "Texts",
        "type": "twilio",
        "properties": {"accountSid": ACCOUNT, "from": "+15017122661", "baseUrl": api.url, **properties},
        "credentials": {"token": TOKEN},
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


async def test_an_sms_is_delivered_once_with_twilios_sid(client, tenant: Tenant, worker) -> None:
    async with FakeTwilio().receiver() as api:
        integration = await create(client, tenant, api)
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "sms", "to": "+1 415 867 5309", "text": "Hi there"}
        )
        assert sent.status_code == 202, sent.text
        done = await wait_status(client, tenant.headers, sent.json()["id"], "delivered")
        await asyncio.sleep(0.2)  # a second request would arrive now if the message were sent twice
    [request] = api.received
    assert form(request) == {"To": "+14158675309", "From": "+15017122661", "Body": "Hi there"}
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["statusCode"], attempt["integrationId"]) == (
        "delivered", 201, integration["id"],
    )  # fmt: skip
    assert attempt["providerMessageId"] == "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"  # message_created's sid


async def test_a_refused_sms_fails_with_a_detail_and_no_token(client, tenant: Tenant, worker) -> None:
    async with Receiver(default=documented("message_error__invalid_to")) as api:
        await create(client, tenant, api)
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "sms", "to": "+14158675309", "text": "Hi"}
        )
        done = await wait_status(client, tenant.headers, sent.json()["id"], "failed")
    assert len(api.received) == 1, "a permanent refusal is not retried"
    assert "Twilio error 21211" in done["lastError"]
    got = await client.get(f"/v2/messages/{sent.json()['id']}", headers=tenant.headers)
    assert TOKEN not in got.text


async def test_test_send_texts_the_given_number(client, tenant: Tenant, worker) -> None:
    async with FakeTwilio().receiver() as api:
        integration = await create(client, tenant, api, recipients=["+14158675309"])
        started = await client.post(
            f"/v2/integrations/{integration['id']}/actions/test-send", headers=tenant.headers, json={}
        )
        assert started.status_code == 202, started.text
        done = await wait_action(client, tenant, started.headers["Location"])
    assert done["status"] == "succeeded", done
    assert (done["result"]["outcome"], done["result"]["statusCode"]) == ("delivered", 201)
    [request] = api.received
    assert form(request) == {"To": "+14158675309", "From": "+15017122661", "Body": TEST_TEXT}
