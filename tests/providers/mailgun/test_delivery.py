"""Test-send through a `mailgun` integration: the default recipient gets the test text."""

from __future__ import annotations

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.engine import integrate, test_send
from tests.providers.mailgun.contract import CASE
from tests.providers.mailgun.fake import FakeMailgun


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    fake = FakeMailgun()
    async with fake.receiver() as api:
        integration = await integrate(client, tenant, CASE, api.url, recipients=["ops@example.com"])
        action = await test_send(client, tenant, integration)
    assert (action["status"], action["result"]["statusCode"]) == ("succeeded", 200), action
    [form] = fake.forms
    assert (form["to"], form["subject"], form["text"]) == (["ops@example.com"], ["Interlink test"], [TEST_TEXT])
