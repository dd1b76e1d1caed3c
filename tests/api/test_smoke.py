"""The shortest path a user takes: create, list, update and delete a webhook integration."""

from tests.conftest import Tenant


async def test_webhook_lifecycle(client, tenant: Tenant, webhook_body) -> None:
    created = await client.post("/v2/integrations", json=webhook_body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["id"].startswith("int_")
    assert record["direction"] == "EGRESS"
    assert record["credentials"] == {"password": "set", "signingSecret": "set", "username": "set"}
    assert "s3cr3t-pass" not in created.text

    listed = await client.get("/v2/integrations", headers=tenant.headers)
    assert [r["id"] for r in listed.json()["data"]] == [record["id"]]

    updated = await client.put(f"/v2/integrations/{record['id']}", json={"name": "Renamed"}, headers=tenant.headers)
    assert updated.status_code == 200
    assert updated.json()["name"] == "Renamed"

    deleted = await client.delete(f"/v2/integrations/{record['id']}", headers=tenant.headers)
    assert deleted.status_code == 200
    assert deleted.json()["deleted"] is True
    gone = await client.get(f"/v2/integrations/{record['id']}", headers=tenant.headers)
    assert gone.status_code == 404


async def test_a_nul_character_is_refused_on_every_database(client, tenant: Tenant) -> None:
    answer = await client.post(
        "/v2/integrations",
        headers=tenant.headers,
        content=b'{"name": "a\\u0000b", "type": "in_app"}',
    )
    assert answer.status_code == 422
    assert "NUL" in answer.json()["detail"]
    listed = await client.get("/v2/integrations", headers=tenant.headers)
    assert listed.json()["total"] == 0


async def test_an_empty_api_key_after_the_scheme_is_unauthorized(client) -> None:
    answer = await client.get("/v2/integrations", headers={"Authorization": "ApiKey "})
    assert answer.status_code == 401
    assert "scheme" not in answer.json()["detail"]
