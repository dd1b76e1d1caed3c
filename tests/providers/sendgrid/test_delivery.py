"""Test-send through a `sendgrid` integration: the default recipient gets the test text."""

from __future__ import annotations

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.engine import integrate, test_send
from tests.providers.sendgrid.contract import CASE
from tests.providers.sendgrid.fake import FakeSendGrid


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    async with FakeSendGrid().receiver() as api:
        integration = await integrate(client, tenant, CASE, api.url, recipients=["ops@example.com"])
        action = await test_send(client, tenant, integration)
    assert (action["status"], action["result"]["statusCode"]) == ("succeeded", 202), action
    [request] = api.received
    body = request.json()
    assert body["personalizations"][0]["to"] == [{"email": "ops@example.com"}]
    assert body["subject"] == "Interlink test"
    assert body["content"] == [{"type": "text/plain", "value": TEST_TEXT}]
