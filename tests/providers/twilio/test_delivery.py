"""Test-send through a `twilio` integration: the default number gets the test text (the contract covers the rest)."""

from __future__ import annotations

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.engine import integrate, test_send
from tests.providers.twilio.contract import CASE
from tests.providers.twilio.fake import FakeTwilio, form


async def test_test_send_texts_the_default_number(client, tenant: Tenant, worker) -> None:
    async with FakeTwilio().receiver() as api:
        integration = await integrate(client, tenant, CASE, api.url, recipients=["+14158675309"])
        action = await test_send(client, tenant, integration)
    assert (action["status"], action["result"]["statusCode"]) == ("succeeded", 201), action
    [request] = api.received
    assert form(request) == {"To": "+14158675309", "From": "+15557122661", "Body": TEST_TEXT}
