"""Driving a provider through the whole engine as a user would: the integration and message APIs, then the worker."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from interlink.catalog.registry import default_registry
from interlink.sdk import Manifest, PropertyType
from interlink.sdk.testing import HttpCase, secret_values
from tests.conftest import Tenant
from tests.receivers import wait_status

DEFAULT_RECIPIENTS = {PropertyType.EMAIL_LIST: ["ops@example.com"], PropertyType.PHONE_LIST: ["+14158675309"]}


def manifest_of(provider: str) -> Manifest:
    found = default_registry().get(provider)
    assert found is not None, provider
    return found


async def integrate(client: httpx.AsyncClient, tenant: Tenant, case: HttpCase, base: str, **extra: Any) -> str:
    """Create the case's integration pointing at ``base`` (its settings split into properties and credentials)."""
    manifest = manifest_of(case.provider)
    config = {**case.config(base), **extra}
    body = {
        "name": f"{manifest.name} under test",
        "type": case.provider,
        "properties": {k: v for k, v in config.items() if k not in manifest.secret_keys},
        "credentials": {k: v for k, v in config.items() if k in manifest.secret_keys},
    }
    created = await client.post("/v2/integrations", headers=tenant.headers, json=body)
    assert created.status_code == 201, created.text
    assert not any(secret in created.text for secret in secret_values(manifest, config))
    return str(created.json()["id"])


async def send_message(client: httpx.AsyncClient, tenant: Tenant, case: HttpCase, wanted: str) -> dict[str, Any]:
    """Send the case's message through ``/v2/messages`` and wait until it is ``wanted``; secrets never show."""
    message, manifest = case.message, manifest_of(case.provider)
    fields = {"subject": message.subject, "text": message.text, "html": message.html}
    body = {"channel": manifest.channel.value, "to": dict(message.recipient), **fields}
    sent = await client.post("/v2/messages", headers=tenant.headers, json=body)
    assert sent.status_code == 202, sent.text
    return await wait_status(client, tenant.headers, sent.json()["id"], wanted)


async def test_send(
    client: httpx.AsyncClient, tenant: Tenant, integration: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run the integration's test-send action and wait for its result."""
    started = await client.post(
        f"/v2/integrations/{integration}/actions/test-send", headers=tenant.headers, json=body or {}
    )
    assert started.status_code == 202, started.text
    async with asyncio.timeout(10):
        while (action := (await client.get(started.headers["Location"], headers=tenant.headers)).json())[
            "status"
        ] not in ("succeeded", "failed"):
            await asyncio.sleep(0.05)
    return dict(action)


test_send.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def default_recipients(provider: str) -> dict[str, Any]:
    """A default recipient list for types that take one (email, SMS, phone), so test-send has someone to reach."""
    prop = manifest_of(provider).prop("recipients")
    return {"recipients": DEFAULT_RECIPIENTS[prop.type]} if prop and prop.type in DEFAULT_RECIPIENTS else {}
