"""The SMS, chat and alert checks through the API: actions/verify keeps Opsgenie's verdict in its own words; Novu's
``check: true`` stays an email-only check, as in Novu."""

from __future__ import annotations

from interlink.sdk.testing import FakeApi
from tests.checks.test_verify_api import run_verify
from tests.conftest import Tenant
from tests.providers.opsgenie.contract import BOOK as OPSGENIE

GENIE_KEY = "eb243592-faa2-4ba2-a551-1afdf565c889"


async def test_opsgenie_through_actions_verify_ok_then_failing(client, tenant: Tenant, worker) -> None:
    async with FakeApi(OPSGENIE.reply("alerts__count"), OPSGENIE.reply("error__unauthorized")) as api:
        body = {
            "name": "On call",
            "type": "opsgenie",
            "properties": {"baseUrl": api.url},
            "credentials": {"apiKey": GENIE_KEY},
        }
        created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
        assert created.status_code == 201, created.text
        ok = await run_verify(client, tenant, created.json()["id"])
        bad = await run_verify(client, tenant, created.json()["id"])
    assert (ok["status"], ok["result"]["credentialStatus"]) == ("succeeded", "ok")
    assert (bad["status"], bad["result"]["credentialStatus"]) == ("failed", "failing")
    assert bad["result"]["detail"] == "Opsgenie answered HTTP 401: Could not authenticate"
    assert [(r.method, r.path, r.headers["Authorization"]) for r in api.received] == [
        ("GET", "/v2/alerts/count", f"GenieKey {GENIE_KEY}")
    ] * 2
    assert GENIE_KEY not in str(bad)


async def test_novus_check_leaves_sms_alone_as_novu_does(client, tenant: Tenant) -> None:
    """Novu's ``check`` covers email only; an SMS integration is saved unchecked and verified through actions."""
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    async with FakeApi() as api:
        body = {
            "providerId": "telnyx",
            "channel": "sms",
            "name": "Telnyx",
            "check": True,
            "credentials": {"apiKey": "KEY0123456789_unchecked", "from": "+18445550001", "baseUrl": api.url},
        }
        created = await client.post("/v1/integrations", json=body, headers=auth)
        assert created.status_code == 201, created.text
    assert api.received == []
