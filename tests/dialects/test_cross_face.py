"""One record, every face: created through Novu's SDK, read natively and by the campaign face, deleted anywhere."""

from __future__ import annotations

from tests.conftest import Tenant
from tests.dialects.conftest import call

SENDGRID = {
    "name": "Shared SendGrid",
    "provider_id": "sendgrid",
    "channel": "email",
    "credentials": {"api_key": "SG.cross-face-secret", "from_": "news@example.com", "sender_name": "News"},
    "active": True,
}


async def test_created_through_novu_is_the_same_record_everywhere(novu, client, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    made = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result

    native = await client.get(f"/v2/integrations/{made.id}", headers=tenant.headers)
    assert native.status_code == 200
    record = native.json()
    assert (record["type"], record["name"], record["identifier"]) == ("sendgrid", made.name, made.identifier)
    assert record["properties"]["from"] == "news@example.com" and record["credentials"] == {"apiKey": "set"}
    assert (record["active"], record["primary"]) == (True, True)

    campaign = await client.get(f"/de/api/integration/{made.id}", headers={"Authorization": f"Bearer {tenant.rw}"})
    data = campaign.json()["result"]["data"]
    assert (data["id"], data["type"], data["channel"], data["isActive"]) == (made.id, "SENDGRID", "EMAIL", True)
    assert (data["senderEmail"], data["senderName"], data["workspaceId"]) == ("news@example.com", "News", tenant.env_id)
    for text in (native.text, campaign.text):
        assert "SG.cross-face-secret" not in text


async def test_deleted_through_campaign_is_gone_everywhere(novu, client, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    made = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    kept = (
        await call(sdk.integrations.create, create_integration_request_dto={"provider_id": "twilio", "channel": "sms"})
    ).result

    deleted = await client.delete(f"/en/api/integration/{made.id}", headers=tenant.headers)
    assert deleted.status_code == 200 and deleted.json()["result"]["data"] is None

    assert (await client.get(f"/v2/integrations/{made.id}", headers=tenant.headers)).status_code == 404
    assert [i.id for i in (await call(sdk.integrations.list)).result] == [kept.id]
    assert (await call(sdk.integrations.list_active)).result == []
    again = await client.get(f"/en/api/integration/{made.id}", headers=tenant.headers)
    assert again.status_code == 404


async def test_created_through_campaign_is_managed_through_novu(novu, client, tenant: Tenant) -> None:
    body = {
        "name": "Campaign SendGrid",
        "type": "SENDGRID",
        "channel": "EMAIL",
        "apiKey": "SG.abc123...",
        "senderEmail": "noreply@example.com",
    }
    created = await client.post("/fr/api/integration", json=body, headers=tenant.headers)
    integration_id = created.json()["result"]["data"]["id"]
    sdk = novu(tenant.rw)
    listed = (await call(sdk.integrations.list)).result
    assert [(i.id, i.provider_id, i.primary) for i in listed] == [(integration_id, "sendgrid", True)]
    renamed = await call(
        sdk.integrations.update, integration_id=integration_id, update_integration_request_dto={"name": "Renamed"}
    )
    assert renamed.result.name == "Renamed"
    seen = await client.get(f"/fr/api/integration/{integration_id}", headers=tenant.headers)
    assert seen.json()["result"]["data"]["name"] == "Renamed"
