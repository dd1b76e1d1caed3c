"""The campaign face's push examples (WEB_PUSH, FIREBASE_FCM), given real-shaped keys, deliver end to end."""

from __future__ import annotations

from typing import Any

from tests.conftest import Tenant
from tests.providers.fcm.fake import FakeGoogle
from tests.providers.web_push.fake import Browser, FakePushService, VapidPair
from tests.receivers import wait_status


async def campaign_create(client, tenant: Tenant, body: dict[str, Any]) -> str:
    created = await client.post("/en/api/integration", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    return str(created.json()["result"]["data"]["id"])


async def push(client, tenant: Tenant, to: dict[str, Any]) -> dict[str, Any]:
    body = {"channel": "push", "to": to, "subject": "Sale", "text": "20% off today"}
    sent = await client.post("/v2/messages", headers=tenant.headers, json=body)
    assert sent.status_code == 202, sent.text
    return await wait_status(client, tenant.headers, sent.json()["id"], "delivered")


async def test_the_web_push_example_delivers(client, tenant: Tenant, worker) -> None:
    vapid, browser = VapidPair(), Browser()
    fake = FakePushService(vapid.public, browser)
    async with fake.receiver() as service:
        example = {
            "name": "Web Push VAPID Keys",
            "type": "WEB_PUSH",
            "channel": "PUSH",
            "vapidPublicKey": vapid.public,
            "vapidPrivateKey": vapid.private,
            "senderEmail": "ops@example.com",
        }
        await campaign_create(client, tenant, example)
        done = await push(client, tenant, {"subscription": browser.subscription(f"{service.url}/sub/1")})
    assert done["attempts"][0]["statusCode"] == 201
    assert fake.payloads[0]["body"] == "20% off today"
    assert fake.claims[0]["sub"] == "mailto:ops@example.com"


async def test_the_firebase_fcm_example_delivers(client, tenant: Tenant, worker) -> None:
    google = FakeGoogle()
    async with google.receiver() as api:
        example = {
            "name": "FCM",
            "type": "FIREBASE_FCM",
            "channel": "PUSH",
            "apiKey": google.service_account(api.url),
        }
        integration = await campaign_create(client, tenant, example)
        moved = await client.put(
            f"/v2/integrations/{integration}", headers=tenant.headers, json={"properties": {"baseUrl": api.url}}
        )
        assert moved.status_code == 200, moved.text
        done = await push(client, tenant, {"token": "device-token-1"})
    assert done["attempts"][0]["providerMessageId"].startswith("projects/interlink-test/messages/")
    assert google.sent[0]["notification"] == {"title": "Sale", "body": "20% off today"}
