"""Helpers for the native API tests: create integrations, read problem documents, snapshot state."""

from __future__ import annotations

import re
from typing import Any

import httpx

from interlink.services import keys
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from tests.conftest import Tenant

URL = "/v2/integrations"
SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

# A valid create body per type, with the least a user must give.
BODIES: dict[str, dict[str, Any]] = {
    "webhook": {
        "name": "Ops hook",
        "type": "webhook",
        "properties": {"url": "https://hooks.example.com/in"},
        "credentials": {},
    },
    "twilio": {
        "name": "Twilio SMS",
        "type": "twilio",
        "properties": {"accountSid": "AC123", "from": "+14155552671"},
        "credentials": {"token": "twilio-token-value"},
    },
    "sendgrid": {
        "name": "SendGrid",
        "type": "sendgrid",
        "properties": {"from": "alerts@example.com"},
        "credentials": {"apiKey": "SG.secret-api-key"},
    },
    "smtp": {"name": "SMTP", "type": "smtp", "properties": {"host": "smtp.example.com", "from": "a@example.com"}},
    "fcm": {
        "name": "Push",
        "type": "fcm",
        "properties": {"projectId": "proj-a"},
        "credentials": {"serviceAccount": '{"project_id": "proj-a"}'},
    },
    "inbound_webhook": {"name": "Alerts in", "type": "inbound_webhook"},
    "utility_data": {
        "name": "Power meter",
        "type": "utility_data",
        "properties": {"utilityName": "City Power", "accountNumber": "ACC-1"},
        "credentials": {"apiToken": "utility-token-value"},
    },
}


def body_of(type_id: str = "webhook", **overrides: Any) -> dict[str, Any]:
    """A valid create body for ``type_id`` with top-level fields replaced by ``overrides``.

    A webhook gets a fixed signing secret unless the overrides name one, so Interlink generates none and
    responses keep one shape.
    """
    body = {**BODIES[type_id], **overrides}
    named = "signingSecret" in (body.get("properties") or {})
    if type_id == "webhook" and isinstance(body.get("credentials"), dict) and not named:
        body["credentials"] = {"signingSecret": SIGNING_SECRET, **body["credentials"]}
    return body


async def create(
    client: httpx.AsyncClient,
    tenant: Tenant,
    type_id: str = "webhook",
    *,
    headers: dict[str, str] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Create an integration over HTTP and return it as a read shows it; fails the test unless the answer is 201.

    Secrets Interlink generated (shown once, in the create response only) are left out.
    """
    response = await client.post(URL, json=body_of(type_id, **overrides), headers=headers or tenant.headers)
    assert response.status_code == 201, response.text
    record = response.json()
    record.pop("generatedCredentials", None)
    return record


async def fetch(client: httpx.AsyncClient, tenant: Tenant, integration_id: str) -> dict[str, Any]:
    response = await client.get(f"{URL}/{integration_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def listing(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    """The list answer for the given query parameters (all pages up to 200)."""
    response = await client.get(URL, params={"limit": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def ids(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    return [row["id"] for row in (await listing(client, headers, **params))["data"]]


def assert_problem(response: httpx.Response, status: int, *paths: str) -> dict[str, Any]:
    """Assert an RFC 9457 problem document with ``status`` whose ``errors`` name every path in ``paths``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    if paths:
        found = {error["path"] for error in body.get("errors", [])}
        assert set(paths) <= found, f"expected {paths} among {found}"
        assert all(isinstance(error["message"], str) and error["message"] for error in body["errors"])
    return body


async def caller_of(hub: Hub, secret: str) -> Caller:
    """The caller an API key authenticates as (its ``actor`` is the key id)."""
    return await keys.authenticate(hub, secret)
