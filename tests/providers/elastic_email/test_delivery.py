"""An `elastic_email` integration through the engine: a 200 that reports an error fails, and test-send's mail."""

from __future__ import annotations

from interlink.services.actions import TEST_TEXT
from tests.conftest import Tenant
from tests.providers.elastic_email.contract import CASE
from tests.providers.elastic_email.fake import FakeElasticEmail, documented
from tests.providers.engine import integrate, send_message, test_send


async def test_an_ok_answer_with_an_error_fails_the_email(client, tenant: Tenant, worker) -> None:
    async with FakeElasticEmail().receiver(documented("legacy_send__failed")) as api:
        await integrate(client, tenant, CASE, api.url)
        done = await send_message(client, tenant, CASE, "failed")
    assert "HTTP 200: Incorrect apikey" in done["lastError"]
    assert len(api.received) == 1


async def test_test_send_reaches_the_default_recipient(client, tenant: Tenant, worker) -> None:
    async with FakeElasticEmail().receiver() as api:
        integration = await integrate(client, tenant, CASE, api.url, recipients=["ops@example.com"])
        action = await test_send(client, tenant, integration)
    assert (action["status"], action["result"]["statusCode"]) == ("succeeded", 200), action
    body = api.received[0].json()
    assert body["Recipients"] == {"To": ["ops@example.com"]}
    assert body["Content"]["Subject"] == "Interlink test"
    assert body["Content"]["Body"] == [{"ContentType": "PlainText", "Content": TEST_TEXT, "Charset": "utf-8"}]
