"""FCM, APNs and SES end to end through /v2: delivered by the worker, gone tokens listed; the catalog is true."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interlink.catalog.registry import default_registry
from interlink.providers.apns.sender import SENDER
from interlink.sdk import Direction
from tests.conftest import Tenant
from tests.providers.apns.fake import BUNDLE, KEY_ID, TEAM_ID, FakeApns, auth_key
from tests.providers.fcm.fake import FakeGoogle
from tests.providers.ses.fake import ACCESS_KEY, REGION, SECRET_KEY, FakeSes
from tests.receivers import wait_status


async def create(client, tenant: Tenant, body: dict[str, Any]) -> dict[str, Any]:
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def send(client, tenant: Tenant, **body: Any) -> str:
    sent = await client.post("/v2/messages", headers=tenant.headers, json=body)
    assert sent.status_code == 202, sent.text
    return sent.json()["id"]


def test_every_outbound_type_in_the_catalog_can_send() -> None:
    registry = default_registry()
    missing = [m.id for m in registry.by_direction(Direction.EGRESS) if registry.sender(m.id) is None]
    assert missing == []


async def test_fcm_delivers_and_lists_an_unregistered_token(client, tenant: Tenant, worker) -> None:
    google = FakeGoogle()
    google.gone.add("old-token")
    async with google.receiver() as api:
        fcm = await create(
            client,
            tenant,
            {"name": "Phones", "type": "fcm", "properties": {"baseUrl": api.url},
             "credentials": {"serviceAccount": google.service_account(api.url)}},
        )  # fmt: skip
        ok = await send(client, tenant, channel="push", to={"token": "new-token"}, subject="Hi", text="Yo")
        done = await wait_status(client, tenant.headers, ok, "delivered")
        gone = await send(client, tenant, channel="push", to={"token": "old-token"}, text="Yo")
        await wait_status(client, tenant.headers, gone, "failed")
        dead = (await client.get(f"/v2/integrations/{fcm['id']}/dead-targets", headers=tenant.headers)).json()
    assert done["attempts"][0]["providerMessageId"].startswith("projects/interlink-test/messages/")
    assert [d["target"] for d in dead["data"]] == ["old-token"]
    assert "PRIVATE KEY" not in str(dead)


async def test_apns_delivers_over_http2(
    client, tenant: Tenant, worker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pem, public = auth_key()
    server = await FakeApns(public).start(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "apns-cert.pem"))
    try:
        await create(
            client,
            tenant,
            {"name": "iPhones", "type": "apns",
             "properties": {"keyId": KEY_ID, "teamId": TEAM_ID, "bundleId": BUNDLE, "baseUrl": server.url},
             "credentials": {"privateKey": pem}},
        )  # fmt: skip
        sent = await send(client, tenant, channel="push", to={"token": "ab" * 32}, subject="Hi", text="Yo")
        done = await wait_status(client, tenant.headers, sent, "delivered")
    finally:
        await server.stop(SENDER)
    assert done["attempts"][0]["statusCode"] == 200
    assert server.received[0].http_version == "2"


async def test_ses_delivers_a_signed_email(client, tenant: Tenant, worker) -> None:
    fake = FakeSes()
    async with fake.receiver() as api:
        await create(
            client,
            tenant,
            {"name": "SES", "type": "ses",
             "properties": {"region": REGION, "from": "alerts@example.com", "baseUrl": api.url},
             "credentials": {"apiKey": ACCESS_KEY, "secretKey": SECRET_KEY}},
        )  # fmt: skip
        sent = await send(client, tenant, channel="email", to="ops@example.com", subject="Hi", text="Yo")
        done = await wait_status(client, tenant.headers, sent, "delivered")
    assert done["attempts"][0]["providerMessageId"] == "0100018c-0001-example"
    assert fake.refused == []
