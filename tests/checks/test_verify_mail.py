"""The mail and push checks through the API: actions/verify keeps a sending-only Resend key ``ok``, and Novu's
``check: true`` refuses a Brevo key Brevo does not know, in Brevo's words, before anything is saved."""

from __future__ import annotations

from interlink.sdk.testing import FakeApi
from tests.checks.test_verify_api import run_verify
from tests.conftest import Tenant
from tests.providers.resend.contract import BOOK as RESEND
from tests.providers.sendinblue.contract import BOOK as BREVO


async def test_a_sending_only_resend_key_is_ok_through_actions_verify(client, tenant: Tenant, worker) -> None:
    async with FakeApi(RESEND.reply("error__restricted_api_key")) as api:
        body = {
            "name": "Mail",
            "type": "resend",
            "properties": {"from": "alerts@example.com", "baseUrl": api.url},
            "credentials": {"apiKey": "re_sending_only_key_123"},
        }
        created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
        assert created.status_code == 201, created.text
        done = await run_verify(client, tenant, created.json()["id"])
    assert (done["status"], done["result"]["credentialStatus"]) == ("succeeded", "ok")
    assert done["result"]["detail"] == "the API key is valid and restricted to sending emails"
    assert [(r.method, r.path) for r in api.received] == [("GET", "/domains")]


async def test_novus_check_refuses_an_unknown_brevo_key_before_saving(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    async with FakeApi(BREVO.reply("error__unauthorized"), BREVO.reply("account__details")) as api:
        body = {
            "providerId": "sendinblue",
            "channel": "email",
            "name": "Brevo",
            "check": True,
            "credentials": {"apiKey": "xkeysib-unknown-key-0001", "from": "a@example.com", "baseUrl": api.url},
        }
        refused = await client.post("/v1/integrations", json=body, headers=auth)
        assert refused.status_code == 400, refused.text
        assert "Brevo answered HTTP 401: unauthorized: Key not found" in refused.text
        assert "xkeysib-unknown-key-0001" not in refused.text
        assert (await client.get("/v2/integrations", headers=tenant.headers)).json()["data"] == []
        good = {**body, "credentials": {**body["credentials"], "apiKey": "xkeysib-known-key-0002"}}
        created = await client.post("/v1/integrations", json=good, headers=auth)
        assert created.status_code == 201, created.text
    assert [r.headers["api-key"] for r in api.received] == ["xkeysib-unknown-key-0001", "xkeysib-known-key-0002"]
