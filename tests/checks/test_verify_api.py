"""``actions/verify`` through the API: 202, the verdict in the provider's words, credentialStatus, audit, re-checks."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import select, update

from interlink.core.timeutil import utcnow
from interlink.services import credential_checks
from interlink.services.hub import Hub
from interlink.store.egress_tables import CredentialCheck
from interlink.store.tables import Action
from tests.api.helpers import body_of
from tests.conftest import Tenant
from tests.providers.twilio.fake import ACCOUNT, TOKEN
from tests.receivers import Received, Receiver, Reply


def answer(code: int, body: object) -> Reply:
    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.json_response(body, status=code)

    return reply


def echoing_token(_code: int = 401) -> Reply:
    """A Twilio that (against its docs) repeats the token it was given: the verdict must not."""

    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.json_response({"code": 20003, "message": f"Authenticate {TOKEN}", "status": 401}, status=401)

    return reply


async def twilio(client, tenant: Tenant, api: Receiver) -> dict[str, Any]:
    body = {
        "name": "Texts",
        "type": "twilio",
        "properties": {"accountSid": ACCOUNT, "from": "+15017122661", "baseUrl": api.url},
        "credentials": {"token": TOKEN},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def run_verify(client, tenant: Tenant, integration_id: str) -> dict[str, Any]:
    started = await client.post(f"/v2/integrations/{integration_id}/actions/verify", headers=tenant.headers)
    assert started.status_code == 202, started.text
    async with asyncio.timeout(10):
        while True:
            action = (await client.get(started.headers["Location"], headers=tenant.headers)).json()
            if action["status"] in ("succeeded", "failed"):
                return action
            await asyncio.sleep(0.05)


async def test_a_working_then_failing_account_is_shown_and_audited(client, tenant: Tenant, worker) -> None:
    async with Receiver(
        replies=[answer(200, {"sid": ACCOUNT, "friendly_name": "Ops", "status": "active"}), echoing_token()]
    ) as api:
        integration = await twilio(client, tenant, api)
        assert integration["credentialStatus"] == "unknown" and integration["credentialCheckedAt"] is None
        ok = await run_verify(client, tenant, integration["id"])
        assert (ok["status"], ok["result"]["credentialStatus"], ok["result"]["detail"]) == (
            "succeeded",
            "ok",
            "Twilio account Ops is active",
        )
        shown = (await client.get(f"/v2/integrations/{integration['id']}", headers=tenant.headers)).json()
        assert shown["credentialStatus"] == "ok" and shown["credentialCheckedAt"]
        bad = await run_verify(client, tenant, integration["id"])
    assert (bad["status"], bad["result"]["credentialStatus"]) == ("failed", "failing")
    assert bad["result"]["detail"] == "Twilio answered HTTP 401: error 20003: Authenticate ***"
    listed = (await client.get("/v2/integrations?type=twilio", headers=tenant.headers)).json()["data"]
    assert [i["credentialStatus"] for i in listed] == ["failing"]
    events = (await client.get(f"/v2/audit-events?targetId={integration['id']}", headers=tenant.headers)).json()
    checked = [e for e in events["data"] if e["action"] == "integration.credentials_checked"]
    assert [e["changes"]["credentialStatus"] for e in checked] == [
        {"from": "ok", "to": "failing"},
        {"from": "unknown", "to": "ok"},
    ]
    assert TOKEN not in str(events) and TOKEN not in str(bad)


async def test_types_without_a_check_and_bad_callers_are_refused(client, tenant: Tenant) -> None:
    hook = (await client.post("/v2/integrations", headers=tenant.headers, json=body_of("webhook"))).json()
    refused = await client.post(f"/v2/integrations/{hook['id']}/actions/verify", headers=tenant.headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["path"] == "action"
    async with Receiver() as api:
        integration = await twilio(client, tenant, api)
        url = f"/v2/integrations/{integration['id']}/actions/verify"
        assert (await client.post(url)).status_code == 401
        assert (await client.post(url, headers=tenant.key(tenant.read_only))).status_code == 403
        assert (await client.post(url, headers=tenant.key(tenant.other_rw))).status_code == 404
        assert (
            await client.post("/v2/integrations/int_nope/actions/verify", headers=tenant.headers)
        ).status_code == 404
    assert api.received == []


async def test_the_daily_recheck_queues_integrations_not_checked_for_a_day(
    client, tenant: Tenant, hub: Hub, worker
) -> None:
    async with Receiver(default=answer(200, {"sid": ACCOUNT, "status": "active"})) as api:
        integration = await twilio(client, tenant, api)
        await run_verify(client, tenant, integration["id"])
        async with hub.db.read() as session:
            first = (await session.get(CredentialCheck, integration["id"])).checked_at
        assert await credential_checks.queue_due(hub, utcnow() + timedelta(hours=1), environment_id=tenant.env_id) == 0
        async with hub.db.read() as session:
            queued = await session.scalars(
                select(Action).where(Action.integration_id == integration["id"], Action.actor == "system")
            )
            assert list(queued) == [], "checked within the day: not due"
        async with hub.db.write() as session:
            await session.execute(
                update(CredentialCheck)
                .where(CredentialCheck.integration_id == integration["id"])
                .values(checked_at=utcnow() - timedelta(days=2))
            )
        assert await credential_checks.queue_due(hub, environment_id=tenant.env_id) == 1
        again = await credential_checks.queue_due(hub, environment_id=tenant.env_id)
        async with asyncio.timeout(10):
            while True:
                async with hub.db.read() as session:
                    row = await session.get(CredentialCheck, integration["id"])
                    actions = list(
                        await session.scalars(
                            select(Action).where(Action.integration_id == integration["id"], Action.actor == "system")
                        )
                    )
                if row is not None and row.checked_at > first and all(a.status == "succeeded" for a in actions):
                    break
                await asyncio.sleep(0.05)
    assert len(actions) == 1, "a queued check is not queued twice"
    assert again == 0
    assert len([r for r in api.received if r.path.endswith(f"{ACCOUNT}.json")]) == 2


async def test_novus_check_refuses_failing_email_credentials_before_saving(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    async with Receiver(
        replies=[
            answer(401, {"errors": [{"field": None, "message": "authorization required"}]}),
            answer(200, {"scopes": ["mail.send"]}),
            answer(403, {"errors": [{"field": None, "message": "access forbidden"}]}),
        ]
    ) as api:
        body = {
            "providerId": "sendgrid",
            "channel": "email",
            "name": "SendGrid",
            "check": True,
            "credentials": {"apiKey": "SG.bad-key", "from": "a@example.com", "baseUrl": api.url},
        }
        refused = await client.post("/v1/integrations", json=body, headers=auth)
        assert refused.status_code == 400, refused.text
        assert "SendGrid answered HTTP 401: authorization required" in refused.text
        assert "SG.bad-key" not in refused.text
        assert (await client.get("/v2/integrations", headers=tenant.headers)).json()["data"] == []
        good = {**body, "credentials": {**body["credentials"], "apiKey": "SG.good-key"}}
        created = await client.post("/v1/integrations", json=good, headers=auth)
        assert created.status_code == 201, created.text
        change = {"check": True, "credentials": {"apiKey": "SG.revoked", "from": "a@example.com", "baseUrl": api.url}}
        updated = await client.put(f"/v1/integrations/{created.json()['data']['_id']}", json=change, headers=auth)
        assert updated.status_code == 400 and "access forbidden" in updated.text
    assert [r.headers["Authorization"] for r in api.received] == [
        "Bearer SG.bad-key",
        "Bearer SG.good-key",
        "Bearer SG.revoked",
    ]
