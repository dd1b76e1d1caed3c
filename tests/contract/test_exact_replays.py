"""An idempotent replay is the first response, byte for byte, one-time secrets included; stored only encrypted."""

from __future__ import annotations

from sqlalchemy import text

from tests.api.helpers import create
from tests.conftest import Tenant

URL = "/v2/integrations"


async def test_a_replay_returns_the_generated_secret_which_is_never_stored_in_clear(
    client, hub, tenant: Tenant
) -> None:
    body = {"name": "hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    headers = {**tenant.headers, "Idempotency-Key": "lost-response"}
    created = await client.post(URL, json=body, headers=headers)
    assert created.status_code == 201, created.text
    secret = created.json()["generatedCredentials"]["signingSecret"]

    replay = await client.post(URL, json=body, headers=headers)

    assert replay.status_code == 201 and replay.headers["Idempotency-Replay"] == "true"
    assert replay.content == created.content
    async with hub.db.read() as session:
        stored = await session.scalar(
            text("SELECT body FROM idempotency_keys WHERE environment_id = :env AND key = :key"),
            {"env": tenant.env_id, "key": "lost-response"},
        )
    assert stored.startswith("sealed:") and secret not in stored and "signingSecret" not in stored


async def test_a_sealed_response_opens_only_in_its_own_environment(client, tenant: Tenant) -> None:
    body = {"name": "hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    dev = await client.post(URL, json=body, headers={**tenant.headers, "Idempotency-Key": "same"})
    prod = await client.post(URL, json=body, headers={**tenant.key(tenant.other_rw), "Idempotency-Key": "same"})
    assert dev.status_code == prod.status_code == 201
    assert "idempotency-replay" not in prod.headers
    assert prod.json()["generatedCredentials"] != dev.json()["generatedCredentials"]


async def test_a_replay_without_secrets_is_stored_as_rendered(client, tenant: Tenant) -> None:
    await create(client, tenant)
    body = {"channel": "webhook", "payload": {"n": 1}}
    headers = {**tenant.headers, "Idempotency-Key": "plain"}
    first = await client.post("/v2/messages", json=body, headers=headers)
    again = await client.post("/v2/messages", json=body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.content == first.content


async def test_a_sealed_response_survives_a_master_key_rotation(tmp_path) -> None:
    """Rotation re-seals stored responses with the credentials, so a replay still answers the secret."""
    import httpx

    from interlink.app import create_app
    from interlink.core.crypto import MasterKey
    from interlink.core.settings import Settings
    from interlink.services import keys, secrets, tenants
    from interlink.services.hub import open_hub

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///{tmp_path / 'own.db'}")
    hub = await open_hub(settings)
    try:
        _, (dev, _) = await tenants.create_organization(hub, "Rotation")
        key = await keys.create(hub, dev, ["read", "write"], "rw")
        headers = {"X-Api-Key": key.secret, "Idempotency-Key": "before-rotation"}
        body = {"name": "hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
        transport = httpx.ASGITransport(app=create_app(hub))
        async with httpx.AsyncClient(transport=transport, base_url="http://interlink.test") as http:
            created = await http.post(URL, json=body, headers=headers)
            assert created.status_code == 201, created.text
            await secrets.rotate(hub, MasterKey.generate())
            replay = await http.post(URL, json=body, headers=headers)
        assert replay.headers["Idempotency-Replay"] == "true"
        assert replay.content == created.content
    finally:
        await hub.close()
