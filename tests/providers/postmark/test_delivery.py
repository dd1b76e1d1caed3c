"""Postmark through the engine: maintenance waited out; test-send reaches the default recipient."""

from __future__ import annotations

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.engine import integrate, send_message, test_send
from tests.providers.postmark.contract import CASE
from tests.providers.postmark.fake import FakePostmark, documented


async def test_an_email_during_maintenance_is_retried_then_delivered(client, tenant: Tenant, worker) -> None:
    async with FakePostmark().receiver(documented("error__maintenance")) as api:
        await integrate(client, tenant, CASE, api.url)
        done = await send_message(client, tenant, CASE, "delivered")
    assert [(a["outcome"], a["statusCode"]) for a in done["attempts"]] == [("retry", 503), ("delivered", 200)]
    assert len(api.received) == 2


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    async with FakePostmark().receiver() as api:
        integration = await integrate(client, tenant, CASE, api.url, recipients=["ops@example.com"])
        action = await test_send(client, tenant, integration)
    assert (action["status"], action["result"]["statusCode"]) == ("succeeded", 200), action
    body = api.received[0].json()
    assert (body["To"], body["Subject"], body["TextBody"]) == ("ops@example.com", "Interlink test", TEST_TEXT)
