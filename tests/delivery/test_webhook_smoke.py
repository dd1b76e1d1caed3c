"""A message sent to a webhook integration arrives signed, and the log says delivered."""

import asyncio

from standardwebhooks import Webhook

from interlink.sdk.signing import new_secret
from tests.conftest import Tenant
from tests.receivers import Receiver


async def wait_status(client, tenant: Tenant, message_id: str, wanted: str, timeout: float = 10.0) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            got = (await client.get(f"/v2/messages/{message_id}", headers=tenant.headers)).json()
            if got["status"] == wanted:
                return got
            await asyncio.sleep(0.05)


async def test_signed_webhook_is_delivered(client, tenant: Tenant, worker) -> None:
    receiver = await Receiver().start()
    secret = new_secret()
    try:
        created = await client.post(
            "/v2/integrations",
            headers=tenant.headers,
            json={
                "name": "hook",
                "type": "webhook",
                "properties": {"url": receiver.url + "/in"},
                "credentials": {"signingSecret": secret},
            },
        )
        assert created.status_code == 201, created.text
        sent = await client.post(
            "/v2/messages",
            headers=tenant.headers,
            json={"channel": "webhook", "eventType": "order.paid", "payload": {"order": 42}},
        )
        assert sent.status_code == 202, sent.text
        message_id = sent.json()["id"]
        done = await wait_status(client, tenant, message_id, "delivered")
        [request] = receiver.received
        assert request.headers["webhook-id"] == message_id
        body = Webhook(secret).verify(request.body, request.headers)
        assert body["type"] == "order.paid"
        assert body["data"] == {"order": 42}
        assert request.headers["traceparent"].split("-")[1] == sent.json()["traceId"]
        assert [a["outcome"] for a in done["attempts"]] == ["delivered"]
    finally:
        await receiver.stop()


async def test_a_signing_secret_is_generated_and_shown_only_to_its_creator(client, tenant: Tenant, worker) -> None:
    receiver = await Receiver().start()
    try:
        body = {"name": "hook", "type": "webhook", "properties": {"url": receiver.url + "/in"}}
        created = await client.post("/v2/integrations", headers={**tenant.headers, "Idempotency-Key": "k1"}, json=body)
        assert created.status_code == 201, created.text
        secret = created.json()["generatedCredentials"]["signingSecret"]
        assert secret.startswith("whsec_")
        assert created.json()["credentials"] == {"signingSecret": "set"}
        replay = await client.post("/v2/integrations", headers={**tenant.headers, "Idempotency-Key": "k1"}, json=body)
        assert replay.headers["Idempotency-Replay"] == "true"
        assert replay.json() == created.json()  # the exact first response, the secret included
        read = await client.get(f"/v2/integrations/{created.json()['id']}", headers=tenant.headers)
        assert secret not in read.text
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "webhook", "payload": {"a": 1}}
        )
        await wait_status(client, tenant, sent.json()["id"], "delivered")
        [request] = receiver.received
        assert Webhook(secret).verify(request.body, request.headers)["data"] == {"a": 1}
    finally:
        await receiver.stop()


async def test_a_malformed_signing_secret_is_refused(client, tenant: Tenant) -> None:
    answer = await client.post(
        "/v2/integrations",
        headers=tenant.headers,
        json={
            "name": "hook",
            "type": "webhook",
            "properties": {"url": "https://example.com/in"},
            "credentials": {"signingSecret": "not-a-secret"},
        },
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["path"] == "credentials.signingSecret"
    assert "not-a-secret" not in answer.text
