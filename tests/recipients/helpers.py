"""What the recipient-list tests share: integrations on local Twilio and SendGrid fakes, and reading sent codes."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx

from tests.conftest import Tenant
from tests.providers.sendgrid.fake import API_KEY
from tests.providers.twilio.fake import ACCOUNT, TOKEN, form
from tests.receivers import Receiver

CODE = re.compile(r"\b(\d{6})\b")


async def sms_integration(client: httpx.AsyncClient, tenant: Tenant, api: Receiver, **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Texts",
        "type": "twilio",
        "properties": {"accountSid": ACCOUNT, "from": "+15017122661", "baseUrl": api.url},
        "credentials": {"token": TOKEN},
        **fields,
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def voice_integration(client: httpx.AsyncClient, tenant: Tenant, api: Receiver) -> dict[str, Any]:
    body = {
        "name": "Calls",
        "type": "twilio_voice",
        "properties": {"accountSid": ACCOUNT, "from": "+15017122661", "baseUrl": api.url},
        "credentials": {"token": TOKEN},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def email_integration(client: httpx.AsyncClient, tenant: Tenant, api: Receiver) -> dict[str, Any]:
    body = {
        "name": "Mail",
        "type": "sendgrid",
        "properties": {"from": "alerts@example.com", "baseUrl": api.url},
        "credentials": {"apiKey": API_KEY},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    return created.json()


async def code_sent_to(api: Receiver, phone: str, count: int = 1) -> str:
    """The code in the ``count``-th SMS that reached ``phone``, waiting for it to arrive."""
    async with asyncio.timeout(10):
        while True:
            texts = [form(r)["Body"] for r in api.received if form(r).get("To") == phone]
            if len(texts) >= count:
                found = CODE.search(texts[count - 1])
                assert found, texts[count - 1]
                return found.group(1)
            api.arrived.clear()
            await api.arrived.wait()


def recipients_url(integration_id: str, tail: str = "") -> str:
    return f"/v2/integrations/{integration_id}/recipients{tail}"
