"""Email through an `smtp` integration over the HTTP API: templates, retries on 451, test-send, secrets kept."""

from __future__ import annotations

import asyncio
import ssl

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.delivery.test_webhook_smoke import wait_status
from tests.providers.smtp.mailserver import MailServer

PASSWORD = "Sm7p-integration-secret"


async def create_smtp(client, tenant: Tenant, server: MailServer, **properties: object) -> dict:
    body = {
        "name": "Mail relay",
        "type": "smtp",
        "properties": {
            "host": "127.0.0.1",
            "port": server.port,
            "secure": "NONE",
            "from": "alerts@example.com",
            "senderName": "Acme Alerts",
            **properties,
        },
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def test_templated_email_is_delivered(client, tenant: Tenant, worker) -> None:
    async with MailServer() as server:
        await create_smtp(client, tenant, server)
        sent = await client.post(
            "/v2/messages",
            headers=tenant.headers,
            json={
                "channel": "email",
                "to": {"email": "ann@example.org", "name": "Ann Lee"},
                "template": {"subject": "Hi {{ name }}", "text": "Hello {{ name }}", "html": "<b>{{ name }}</b>"},
                "data": {"name": "<Ann>"},
            },
        )
        assert sent.status_code == 202, sent.text
        message_id = sent.json()["id"]
        done = await wait_status(client, tenant, message_id, "delivered")
        [mail] = await server.wait_for(1)
    assert mail.mail_from == "alerts@example.com" and mail.rcpt_tos == ["ann@example.org"]
    message = mail.message
    assert message["Subject"] == "Hi <Ann>"
    assert message["X-Interlink-Message-Id"] == message_id
    assert message["To"].addresses[0].display_name == "Ann Lee"
    assert message["From"].addresses[0].display_name == "Acme Alerts"
    assert message["traceparent"].split("-")[1] == sent.json()["traceId"]
    text, html = (p.get_content().replace("\r\n", "\n").strip() for p in message.iter_parts())
    assert text == "Hello <Ann>"
    assert html == "<b>&lt;Ann&gt;</b>"
    [attempt] = done["attempts"]
    assert attempt["outcome"] == "delivered" and attempt["statusCode"] == 250
    assert attempt["providerMessageId"] == message["Message-ID"]
    assert done["subject"] == "Hi <Ann>" and done["html"] == "<b>&lt;Ann&gt;</b>"


async def test_451_twice_then_accepted_takes_three_attempts(client, tenant: Tenant, worker) -> None:
    busy = "451 4.7.1 Greylisted, try again later"
    async with MailServer(rcpt_replies=[busy, busy]) as server:
        await create_smtp(client, tenant, server)
        sent = await client.post(
            "/v2/messages",
            headers=tenant.headers,
            json={"channel": "email", "to": "bob@example.org", "subject": "Retry me", "text": "Third time lucky"},
        )
        assert sent.status_code == 202, sent.text
        done = await wait_status(client, tenant, sent.json()["id"], "delivered")
        [mail] = await server.wait_for(1)
        assert server.handler.rcpt_seen == 3
    assert done["attemptCount"] == 3
    assert [a["outcome"] for a in done["attempts"]] == ["retry", "retry", "delivered"]
    assert [a["statusCode"] for a in done["attempts"]] == [451, 451, 250]
    assert "Greylisted" in done["attempts"][0]["detail"]
    assert mail.message["Subject"] == "Retry me"


async def test_test_send_action_delivers_a_test_mail(client, tenant: Tenant, worker) -> None:
    async with MailServer() as server:
        integration = await create_smtp(client, tenant, server)
        started = await client.post(
            f"/v2/integrations/{integration['id']}/actions/test-send",
            headers=tenant.headers,
            json={"to": "ops@example.org"},
        )
        assert started.status_code == 202, started.text
        location = started.headers["Location"]
        assert location == f"/v2/actions/{started.json()['id']}"
        async with asyncio.timeout(10):
            while (action := (await client.get(location, headers=tenant.headers)).json())["status"] not in (
                "succeeded",
                "failed",
            ):
                await asyncio.sleep(0.05)
        [mail] = await server.wait_for(1)
    assert action["status"] == "succeeded", action
    assert action["result"]["outcome"] == "delivered"
    assert mail.rcpt_tos == ["ops@example.org"]
    assert mail.message["Subject"] == "Interlink test"
    assert mail.message.get_content().strip() == TEST_TEXT


async def test_a_refused_login_fails_and_never_shows_the_password(
    client, tenant: Tenant, worker, server_tls: ssl.SSLContext
) -> None:
    users = {"mailer": "the-right-one"}
    async with MailServer(tls=server_tls, require_starttls=True, users=users) as server:
        properties = {"host": "127.0.0.1", "port": server.port, "from": "a@example.com", "user": "mailer"}
        body = {
            "name": "Mail relay",
            "type": "smtp",
            "properties": {**properties, "secure": "STARTTLS", "tlsVerify": False},
            "credentials": {"password": PASSWORD},
        }
        created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
        assert created.status_code == 201, created.text
        sent = await client.post(
            "/v2/messages", headers=tenant.headers, json={"channel": "email", "to": "c@example.org", "text": "hi"}
        )
        done = await wait_status(client, tenant, sent.json()["id"], "failed")
        assert server.received == []
    [attempt] = done["attempts"]
    assert attempt["outcome"] == "failed" and attempt["statusCode"] == 535
    assert PASSWORD not in str(done)
    listed = await client.get("/v2/messages", headers=tenant.headers, params={"status": "failed"})
    assert PASSWORD not in listed.text
