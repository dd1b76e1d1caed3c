"""Web Push end to end: delivered to a local push service; a gone subscription is listed and never sent to again."""

from __future__ import annotations

from typing import Any

from tests.conftest import Tenant
from tests.providers.web_push.fake import Browser, FakePushService, VapidPair
from tests.receivers import wait_status


async def create(client, tenant: Tenant, vapid: VapidPair) -> dict[str, Any]:
    body = {
        "name": "Browsers",
        "type": "web_push",
        "properties": {"vapidPublicKey": vapid.public, "subject": "mailto:ops@example.com"},
        "credentials": {"vapidPrivateKey": vapid.private},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    assert vapid.private not in created.text
    return created.json()


async def test_a_push_is_delivered_and_a_gone_subscription_is_never_used_again(client, tenant: Tenant, worker) -> None:
    vapid, browser = VapidPair(), Browser()
    fake = FakePushService(vapid.public, browser, gone={"/sub/old"})
    async with fake.receiver() as push:
        integration = await create(client, tenant, vapid)
        live = {"subscription": browser.subscription(f"{push.url}/sub/live")}
        old = {"subscription": browser.subscription(f"{push.url}/sub/old")}
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "push", "to": live, "subject": "Hi", "text": "Yo"}
        )
        assert sent.status_code == 202, sent.text
        done = await wait_status(client, tenant.headers, sent.json()["id"], "delivered")
        assert done["attempts"][0]["statusCode"] == 201
        assert fake.payloads[0]["body"] == "Yo"
        first = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "push", "to": old, "text": "1"}
        )
        failed = await wait_status(client, tenant.headers, first.json()["id"], "failed")
        assert failed["attempts"][0]["statusCode"] == 410
        dead = await client.get(f"/v2/integrations/{integration['id']}/dead-targets", headers=tenant.headers)
        assert dead.status_code == 200
        [listed] = dead.json()["data"]
        assert (listed["target"], listed["statusCode"], listed["messageId"]) == (
            f"{push.url}/sub/old",
            410,
            first.json()["id"],
        )
        before = len(push.received)
        again = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "push", "to": old, "text": "2"}
        )
        refused = await wait_status(client, tenant.headers, again.json()["id"], "failed")
        assert "reported this target gone" in refused["lastError"]
        assert refused["attempts"] == []
        assert len(push.received) == before
    assert (await client.get(f"/v2/integrations/{integration['id']}/dead-targets")).status_code == 401
    other = await client.get(f"/v2/integrations/{integration['id']}/dead-targets", headers=tenant.key(tenant.other_rw))
    assert other.status_code == 404
    write_only = tenant.key(tenant.write_only)
    assert (
        await client.get(f"/v2/integrations/{integration['id']}/dead-targets", headers=write_only)
    ).status_code == 403
