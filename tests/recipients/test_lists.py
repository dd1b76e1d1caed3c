"""Recipient lists: a message naming no recipient goes to every verified one, one tracked delivery each."""

from __future__ import annotations

import asyncio

from tests.api.helpers import body_of
from tests.conftest import Tenant
from tests.providers.sendgrid.fake import FakeSendGrid
from tests.providers.twilio.fake import FakeTwilio, form
from tests.receivers import wait_status
from tests.recipients.helpers import code_sent_to, email_integration, recipients_url, sms_integration


async def test_an_email_without_recipient_goes_to_each_on_the_list(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid().receiver() as api:
        mail = await email_integration(client, tenant, api)
        for address, name in (("ops@example.com", "Ops"), ("Boss@Example.com", None)):
            added = await client.post(
                recipients_url(mail["id"]), headers=tenant.headers, json={"address": address, "name": name}
            )
            assert added.status_code == 201, added.text
            assert added.json()["status"] == "verified"
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "email", "subject": "Hi", "text": "Hello"}
        )
        assert sent.status_code == 202, sent.text
        accepted = sent.json()["data"]
        assert len(accepted) == 2
        done = [await wait_status(client, tenant.headers, m["id"], "delivered") for m in accepted]
    assert sorted(d["to"]["email"] for d in done) == ["Boss@example.com", "ops@example.com"]
    assert all(len(d["attempts"]) == 1 for d in done)
    tos = sorted(r.json()["personalizations"][0]["to"][0]["email"] for r in api.received)
    assert tos == ["Boss@example.com", "ops@example.com"]


async def test_unverified_and_removed_numbers_never_receive_a_message(client, tenant: Tenant, worker) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        ids = {}
        for phone in ("+14158675309", "+14158675310", "+14158675311"):
            added = await client.post(recipients_url(sms["id"]), headers=tenant.headers, json={"address": phone})
            ids[phone] = added.json()["id"]
        for phone in ("+14158675309", "+14158675311"):
            code = await code_sent_to(api, phone)
            verify = recipients_url(sms["id"], f"/{ids[phone]}/verify")
            assert (await client.post(verify, headers=tenant.headers, json={"code": code})).status_code == 200
        removed = await client.delete(recipients_url(sms["id"], f"/{ids['+14158675311']}"), headers=tenant.headers)
        assert removed.status_code == 200
        listed = (await client.get(recipients_url(sms["id"]), headers=tenant.headers)).json()["data"]
        assert sorted((r["address"], r["status"]) for r in listed) == [
            ("+14158675309", "verified"),
            ("+14158675310", "pending"),
        ]
        codes_sent = len(api.received)
        sent = await client.post("/v2/messages", headers=tenant.headers, json={"channel": "sms", "text": "Storm"})
        [only] = sent.json()["data"]
        await wait_status(client, tenant.headers, only["id"], "delivered")
        await asyncio.sleep(0.2)  # a message to another number would arrive now
    storm = [form(r)["To"] for r in api.received[codes_sent:]]
    assert storm == ["+14158675309"]


async def test_a_list_with_no_verified_recipient_refuses_the_message(client, tenant: Tenant) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        sent = await client.post(
            "/v2/messages",
            headers=tenant.headers,
            json={"channel": "sms", "text": "Hi", "integrationId": sms["id"]},
        )
    assert sent.status_code == 422
    assert sent.json()["errors"][0]["path"] == "to"
    assert (await client.get("/v2/messages?channel=sms", headers=tenant.headers)).json()["data"] == []


async def test_bad_input_is_refused_naming_the_field(client, tenant: Tenant) -> None:
    async with FakeTwilio().receiver() as api:
        sms = await sms_integration(client, tenant, api)
        url = recipients_url(sms["id"])
        cases = [
            ({"address": "not a phone"}, "address"),
            ({"address": "ops@example.com"}, "address"),
            ({}, "address"),
            ({"address": 14158675309}, "address"),
            ({"address": "+14158675309", "colour": "red"}, "colour"),
            ({"address": "+14158675309", "smsIntegrationId": "int_nope"}, "smsIntegrationId"),
            ({"address": "+14158675309", "name": "x" * 201}, "name"),
        ]
        for body, path in cases:
            answer = await client.post(url, headers=tenant.headers, json=body)
            assert answer.status_code == 422, (body, answer.text)
            assert path in [e["path"] for e in answer.json()["errors"]], (body, answer.text)
        bad_code = await client.post(
            recipients_url(sms["id"], "/rcp_01J00000000000000000000000/verify"),
            headers=tenant.headers,
            json={"code": "12"},
        )
        assert bad_code.status_code == 422 and bad_code.json()["errors"][0]["path"] == "code"
        broken = {**tenant.headers, "Content-Type": "application/json"}
        assert (await client.post(url, headers=broken, content=b"{")).status_code == 400
    hook = await client.post("/v2/integrations", headers=tenant.headers, json=body_of("webhook"))
    no_list = await client.get(recipients_url(hook.json()["id"]), headers=tenant.headers)
    assert no_list.status_code == 422 and no_list.json()["errors"][0]["path"] == "integrationId"
    assert (await client.get(url, headers=tenant.headers)).json()["data"] == []


async def test_a_number_on_the_list_twice_is_a_conflict(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid().receiver() as api:
        mail = await email_integration(client, tenant, api)
        first = await client.post(recipients_url(mail["id"]), headers=tenant.headers, json={"address": "a@example.com"})
        second = await client.post(
            recipients_url(mail["id"]), headers=tenant.headers, json={"address": "a@example.com"}
        )
    assert (first.status_code, second.status_code) == (201, 409)
    assert second.json()["errors"] == [{"path": "address", "message": "is already on the list"}]


async def test_auth_scope_and_other_environments(client, tenant: Tenant) -> None:
    async with FakeSendGrid().receiver() as api:
        mail = await email_integration(client, tenant, api)
        url = recipients_url(mail["id"])
        added = (await client.post(url, headers=tenant.headers, json={"address": "a@example.com"})).json()
        one = recipients_url(mail["id"], f"/{added['id']}")
        assert (await client.get(url)).status_code == 401
        assert (await client.post(url, json={"address": "b@example.com"})).status_code == 401
        read_only = tenant.key(tenant.read_only)
        assert (await client.get(url, headers=read_only)).status_code == 200
        assert (await client.post(url, headers=read_only, json={"address": "b@example.com"})).status_code == 403
        assert (await client.delete(one, headers=read_only)).status_code == 403
        assert (await client.post(f"{one}/resend", headers=read_only)).status_code == 403
        assert (await client.post(f"{one}/verify", headers=read_only, json={"code": "123456"})).status_code == 403
        assert (await client.get(url, headers=tenant.key(tenant.write_only))).status_code == 403
        other = tenant.key(tenant.other_rw)
        assert (await client.get(url, headers=other)).status_code == 404
        assert (await client.post(url, headers=other, json={"address": "b@example.com"})).status_code == 404
        assert (await client.delete(one, headers=other)).status_code == 404
        assert (await client.post(f"{one}/verify", headers=other, json={"code": "123456"})).status_code == 404
        listed = (await client.get(url, headers=tenant.headers)).json()["data"]
    assert [r["address"] for r in listed] == ["a@example.com"]
    missing = await client.delete(recipients_url(mail["id"], "/rcp_nope"), headers=tenant.headers)
    assert missing.status_code == 404
