"""Credentials are checked for shape when saved: pasted whitespace, and FCM service account keys."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.helpers import SERVICE_ACCOUNT
from tests.conftest import Tenant
from tests.providers.apns.fake import BUNDLE, KEY_ID, TEAM_ID, auth_key


@pytest.mark.parametrize("key", ["SG.abc\n", " SG.abc", "SG.abc\t", "SG.abc\r\n"])
async def test_a_key_with_pasted_whitespace_is_refused(client: httpx.AsyncClient, tenant: Tenant, key: str) -> None:
    body = {"name": "sg", "type": "sendgrid", "properties": {"from": "a@example.com"}, "credentials": {"apiKey": key}}
    answer = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert answer.status_code == 422, answer.text
    assert [e["path"] for e in answer.json()["errors"]] == ["credentials.apiKey"]
    assert "line breaks" in answer.text and key.strip() not in answer.text


def _account(**changes: object) -> str:
    data = json.loads(SERVICE_ACCOUNT)
    data.update(changes)
    return json.dumps({k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ("not json at all", "not valid JSON"),
        ('["a"]', "service_account"),
        (_account(type="authorized_user"), "service_account"),
        (_account(private_key=None), "missing private_key"),
        (_account(client_email=""), "missing client_email"),
        (_account(private_key="abc"), "not a PEM private key"),
    ],
)
async def test_an_unusable_fcm_service_account_is_refused(
    client: httpx.AsyncClient, tenant: Tenant, account: str, reason: str
) -> None:
    body = {"name": "push", "type": "fcm", "credentials": {"serviceAccount": account}}
    answer = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["path"] == "credentials.serviceAccount" and reason in error["message"]


async def test_a_usable_service_account_is_accepted(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = {"name": "push", "type": "fcm", "credentials": {"serviceAccount": SERVICE_ACCOUNT}}
    answer = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert answer.status_code == 201, answer.text


async def test_a_pasted_key_file_keeps_working_with_its_final_line_break(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A multi-line secret (a .p8 or PEM file) ends with a line break when pasted; it is trimmed, not refused."""
    pem, _ = auth_key()
    body = {
        "name": "apns",
        "type": "apns",
        "properties": {"keyId": KEY_ID, "teamId": TEAM_ID, "bundleId": BUNDLE},
        "credentials": {"privateKey": "\n" + pem.strip() + "\n"},
    }
    answer = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["credentials"] == {"privateKey": "set"}
