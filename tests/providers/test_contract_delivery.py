"""The contract through the whole engine, over every HTTP provider: the API accepts, the worker sends once.

Each provider's case (``tests/providers/<id>/contract.py``) says how to reach its fake; the integration is created
through ``/v2/integrations`` and the message sent through ``/v2/messages``, as a user would.
"""

from __future__ import annotations

import pytest

from interlink.sdk.testing import FakeApi, HttpCase
from tests.conftest import Tenant
from tests.providers.engine import default_recipients, integrate, manifest_of, send_message, test_send
from tests.providers.test_contract import SENDERS, case_of

HTTP = [m.id for m in SENDERS if isinstance(case_of(m.id), HttpCase)]


def http_case(provider: str) -> HttpCase:
    case = case_of(provider)
    assert isinstance(case, HttpCase)
    return case


@pytest.mark.parametrize("provider", HTTP)
async def test_a_message_is_delivered_once(client, tenant: Tenant, worker, provider: str) -> None:
    case = http_case(provider)
    async with FakeApi(default=case.success) as api:
        integration = await integrate(client, tenant, case, api.url)
        done = await send_message(client, tenant, case, "delivered")
    assert [(a["outcome"], a["integrationId"]) for a in done["attempts"]] == [("delivered", integration)]
    assert len(api.received) == 1


@pytest.mark.parametrize("provider", HTTP)
async def test_a_server_error_is_retried_then_delivered(client, tenant: Tenant, worker, provider: str) -> None:
    case = http_case(provider)
    async with FakeApi(case.server_error, default=case.success) as api:
        await integrate(client, tenant, case, api.url)
        done = await send_message(client, tenant, case, "delivered")
    assert [a["outcome"] for a in done["attempts"]] == ["retry", "delivered"]
    assert len(api.received) == 2


@pytest.mark.parametrize("provider", HTTP)
async def test_a_permanent_refusal_fails_with_a_reason(client, tenant: Tenant, worker, provider: str) -> None:
    case = http_case(provider)
    async with FakeApi(default=case.permanent) as api:
        await integrate(client, tenant, case, api.url)
        done = await send_message(client, tenant, case, "failed")
    [attempt] = done["attempts"]
    assert attempt["outcome"] == "failed" and attempt["detail"]
    assert len(api.received) == 1


@pytest.mark.parametrize("provider", HTTP)
async def test_test_send_is_delivered(client, tenant: Tenant, worker, provider: str) -> None:
    case = http_case(provider)
    async with FakeApi(default=case.success) as api:
        integration = await integrate(client, tenant, case, api.url, **default_recipients(provider))
        push = manifest_of(provider).channel == "push"  # a device has no default: the test send names one
        action = await test_send(client, tenant, integration, {"to": dict(case.message.recipient)} if push else None)
    assert (action["status"], action["result"]["outcome"]) == ("succeeded", "delivered"), action
    assert len(api.received) == 1
