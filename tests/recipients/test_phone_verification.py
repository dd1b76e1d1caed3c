"""Phones join a recipient list only with the code sent to them by SMS; codes are hashed, expire and run out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from interlink.core.timeutil import utcnow
from interlink.sdk.testing import fixtures
from interlink.services.hub import Hub
from interlink.store.egress_tables import Recipient
from interlink.store.tables import Action
from tests.conftest import Tenant
from tests.providers.twilio.fake import FakeTwilio, form
from tests.receivers import wait_status
from tests.recipients.helpers import code_sent_to, recipients_url, sms_integration, voice_integration

PHONE = "+14158675309"
VOICE_FIXTURES = fixtures(Path(__file__).parents[1] / "providers" / "twilio_voice")


async def test_a_phone_joins_only_with_the_right_code(client, tenant: Tenant, hub: Hub, worker) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        added = await client.post(
            recipients_url(sms["id"]), headers=tenant.headers, json={"address": "+1 415 867 5309"}
        )
        assert added.status_code == 201, added.text
        recipient = added.json()
        assert (recipient["address"], recipient["status"], recipient["triesLeft"]) == (PHONE, "pending", 5)
        code = await code_sent_to(api, PHONE)
        wrong = "000000" if code != "000000" else "111111"
        refused = await client.post(
            recipients_url(sms["id"], f"/{recipient['id']}/verify"), headers=tenant.headers, json={"code": wrong}
        )
        assert refused.status_code == 422
        assert refused.json()["errors"] == [{"path": "code", "message": "is not the code sent; 4 tries left"}]
        listed = (await client.get(recipients_url(sms["id"]), headers=tenant.headers)).json()["data"]
        assert [(r["status"], r["triesLeft"]) for r in listed] == [("pending", 4)]
        verified = await client.post(
            recipients_url(sms["id"], f"/{recipient['id']}/verify"), headers=tenant.headers, json={"code": code}
        )
        assert verified.status_code == 200, verified.text
        assert verified.json()["status"] == "verified"
        again = await client.post(
            recipients_url(sms["id"], f"/{recipient['id']}/verify"), headers=tenant.headers, json={"code": code}
        )
        assert again.status_code == 409
    async with hub.db.read() as session:
        row = await session.get(Recipient, recipient["id"])
        actions = list(await session.scalars(select(Action).where(Action.integration_id == sms["id"])))
    assert row is not None and row.code_hash is None
    assert [a.status for a in actions] == ["succeeded"]
    assert code not in str(actions[0].input) and "sealed" not in actions[0].input


async def test_codes_are_stored_hashed_and_the_text_names_no_secret(client, tenant: Tenant, hub: Hub, worker) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        added = (await client.post(recipients_url(sms["id"]), headers=tenant.headers, json={"address": PHONE})).json()
        code = await code_sent_to(api, PHONE)
    async with hub.db.read() as session:
        row = await session.get(Recipient, added["id"])
    assert row is not None and row.code_hash and code not in row.code_hash
    assert "code" not in added and "codeHash" not in added
    [request] = api.received
    assert form(request)["Body"] == f"Your verification code is {code}. It expires in 10 minutes."


async def test_five_wrong_tries_fail_the_number_until_a_new_code(client, tenant: Tenant, hub: Hub, worker) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        rid = (await client.post(recipients_url(sms["id"]), headers=tenant.headers, json={"address": PHONE})).json()[
            "id"
        ]
        code = await code_sent_to(api, PHONE)
        wrong = "000000" if code != "000000" else "111111"
        verify = recipients_url(sms["id"], f"/{rid}/verify")
        answers = [await client.post(verify, headers=tenant.headers, json={"code": wrong}) for _ in range(5)]
        assert [a.status_code for a in answers] == [422] * 5
        assert answers[-1].json()["errors"][0]["message"] == "is wrong; no tries left"
        late = await client.post(verify, headers=tenant.headers, json={"code": code})
        assert late.status_code == 422
        assert late.json()["errors"][0] == {"path": "code", "message": "too many wrong codes; ask for a new one"}
        listed = (await client.get(recipients_url(sms["id"]), headers=tenant.headers)).json()["data"]
        assert listed[0]["status"] == "failed"
        # A new code may be asked for once the minute is up; it revives the number.
        async with hub.db.write() as session:
            await session.execute(
                update(Recipient).where(Recipient.id == rid).values(last_code_at=utcnow() - timedelta(minutes=2))
            )
        resent = await client.post(recipients_url(sms["id"], f"/{rid}/resend"), headers=tenant.headers)
        assert resent.status_code == 202, resent.text
        fresh = await code_sent_to(api, PHONE, count=2)
        ok = await client.post(verify, headers=tenant.headers, json={"code": fresh})
        assert ok.status_code == 200 and ok.json()["status"] == "verified"


async def test_an_expired_code_is_refused(client, tenant: Tenant, hub: Hub, worker) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        rid = (await client.post(recipients_url(sms["id"]), headers=tenant.headers, json={"address": PHONE})).json()[
            "id"
        ]
        code = await code_sent_to(api, PHONE)
    async with hub.db.write() as session:  # ten minutes pass
        await session.execute(
            update(Recipient).where(Recipient.id == rid).values(code_expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await client.post(
        recipients_url(sms["id"], f"/{rid}/verify"), headers=tenant.headers, json={"code": code}
    )
    assert expired.status_code == 422
    assert expired.json()["errors"] == [{"path": "code", "message": "has expired; ask for a new one"}]


async def test_a_resend_is_rate_limited(client, tenant: Tenant, hub: Hub, worker) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        rid = (await client.post(recipients_url(sms["id"]), headers=tenant.headers, json={"address": PHONE})).json()[
            "id"
        ]
        first = await code_sent_to(api, PHONE)
        too_soon = await client.post(recipients_url(sms["id"], f"/{rid}/resend"), headers=tenant.headers)
        assert too_soon.status_code == 429
        assert 1 <= int(too_soon.headers["Retry-After"]) <= 60
        for _ in range(2):  # two more codes within the hour are allowed, a minute apart
            async with hub.db.write() as session:
                await session.execute(
                    update(Recipient).where(Recipient.id == rid).values(last_code_at=utcnow() - timedelta(minutes=2))
                )
            assert (
                await client.post(recipients_url(sms["id"], f"/{rid}/resend"), headers=tenant.headers)
            ).status_code == 202
        async with hub.db.write() as session:
            await session.execute(
                update(Recipient).where(Recipient.id == rid).values(last_code_at=utcnow() - timedelta(minutes=2))
            )
        fourth = await client.post(recipients_url(sms["id"], f"/{rid}/resend"), headers=tenant.headers)
        assert fourth.status_code == 429 and "3 codes an hour" in fourth.json()["detail"]
        third = await code_sent_to(api, PHONE, count=3)
        old = await client.post(
            recipients_url(sms["id"], f"/{rid}/verify"), headers=tenant.headers, json={"code": first}
        )
        assert old.status_code == 422 or first == third


async def test_a_phone_list_sends_codes_through_the_environments_sms_integration(
    client, tenant: Tenant, worker
) -> None:
    async with (
        FakeTwilio().receiver() as texts,
        FakeTwilio("Calls", "call_created", VOICE_FIXTURES).receiver() as calls,
    ):
        await sms_integration(client, tenant, texts)
        voice = await voice_integration(client, tenant, calls)
        rid = (await client.post(recipients_url(voice["id"]), headers=tenant.headers, json={"address": PHONE})).json()[
            "id"
        ]
        code = await code_sent_to(texts, PHONE)
        ok = await client.post(
            recipients_url(voice["id"], f"/{rid}/verify"), headers=tenant.headers, json={"code": code}
        )
        assert ok.status_code == 200
        sent = await client.post("/v2/messages", headers=tenant.headers, json={"channel": "phone", "text": "Wake up"})
        assert sent.status_code == 202, sent.text
        [accepted] = sent.json()["data"]
        await wait_status(client, tenant.headers, accepted["id"], "delivered")
    assert [form(r)["To"] for r in calls.received] == [PHONE]
