"""The Novu face over raw HTTP: what the SDK cannot send (bad JSON, bad enums, odd headers), in Novu's error body."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Tenant
from tests.dialects.test_novu_sdk import ISO

BODY = {"providerId": "sendgrid", "channel": "email"}


def assert_error(response: Any, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"statusCode", "timestamp", "path", "message", "error"}
    assert body["statusCode"] == status and body["error"] == error and ISO.match(body["timestamp"])
    assert response.headers["content-type"] == "application/json"
    return body


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Missing authorization header"),
        ({"Authorization": "Invalid abc"}, 'Invalid authentication scheme: "Invalid"'),
        ({"Authorization": "ApiKey "}, "Unauthorized"),
        ({"Authorization": "ApiKey il_wrong"}, "API Key not found"),
        ({"X-Api-Key": "il_wrong"}, "API Key not found"),
    ],
)
async def test_unauthorized_messages(client, headers: dict[str, str], message: str) -> None:
    response = await client.get("/v1/integrations", headers=headers)
    body = assert_error(response, 401, "Unauthorized")
    assert body["message"] == message and body["path"] == "/v1/integrations"


@pytest.mark.parametrize("scheme", ["ApiKey", "Bearer", "X-Api-Key"])
async def test_every_accepted_header_works(client, tenant: Tenant, scheme: str) -> None:
    headers = {"X-Api-Key": tenant.rw} if scheme == "X-Api-Key" else {"Authorization": f"{scheme} {tenant.rw}"}
    response = await client.get("/v1/integrations/active", headers=headers)
    assert response.status_code == 200 and response.json() == {"data": []}


async def test_body_validation_lists_every_problem(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    body = {"channel": "fax", "active": "yes", "credentials": [], "conditions": {}, "name": 3}
    response = await client.post("/v1/integrations", json=body, headers=auth)
    found = assert_error(response, 400, "Bad Request")
    assert found["message"] == [
        "providerId should not be null or undefined",
        "channel must be one of the following values: in_app, email, sms, chat, push",
        "name must be a string",
        "credentials must be an object",
        "active must be a boolean value",
        "conditions must be an array",
    ]


async def test_malformed_json_and_conditions_are_400(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}", "Content-Type": "application/json"}
    broken = await client.post("/v1/integrations", content=b"{not json", headers=auth)
    assert assert_error(broken, 400, "Bad Request")["message"][0].startswith("body ")
    bad_conditions = {**BODY, "conditions": [{"children": "test"}]}
    response = await client.post("/v1/integrations", json=bad_conditions, headers=auth)
    assert assert_error(response, 400, "Bad Request")["message"] == ["conditions[0].children must be a list of filters"]
    wrong_channel = await client.post("/v1/integrations", json={**BODY, "channel": "sms"}, headers=auth)
    assert assert_error(wrong_channel, 400, "Bad Request")["message"][0].startswith("channel ")
    listed = await client.get("/v1/integrations", headers=auth)
    assert listed.json() == {"data": []}


async def test_unsupported_configurations_and_truthy_unknown_keys_are_refused(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    configured = await client.post(
        "/v1/integrations", json={**BODY, "configurations": {"inboundWebhookEnabled": True}}, headers=auth
    )
    assert assert_error(configured, 400, "Bad Request")["message"] == ["configurations are not supported by Interlink"]
    harmless = await client.post(
        "/v1/integrations",
        json={"providerId": "novu", "channel": "in_app", "credentials": {"hmac": False, "region": ""}},
        headers=auth,
    )
    assert harmless.status_code == 201, harmless.text
    hmac = await client.post(
        "/v1/integrations",
        json={"providerId": "novu", "channel": "in_app", "credentials": {"hmac": True}},
        headers=auth,
    )
    assert assert_error(hmac, 400, "Bad Request")["message"] == [
        "credentials.hmac is not supported by Interlink's In-app inbox"
    ]


async def test_smtp_tls_options_and_port(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    credentials = {"host": "h.example.com", "port": 2525, "from": "a@b.co", "tlsOptions": {"rejectUnauthorized": False}}
    body = {"providerId": "nodemailer", "channel": "email", "credentials": {**credentials, "ignoreTls": True}}
    created = await client.post("/v1/integrations", json=body, headers=auth)
    native = await client.get(f"/v2/integrations/{created.json()['data']['_id']}", headers=tenant.headers)
    assert native.json()["properties"].items() >= {"port": 2525, "secure": "NONE", "tlsVerify": False}.items()
    odd = {**body, "credentials": {**credentials, "tlsOptions": {"ciphers": "ALL"}}}
    refused = await client.post("/v1/integrations", json=odd, headers=auth)
    assert assert_error(refused, 400, "Bad Request")["message"] == [
        "credentials.tlsOptions may only hold rejectUnauthorized (a boolean)"
    ]


async def test_smtp_port_must_be_a_port(client, tenant: Tenant) -> None:
    body = {"providerId": "nodemailer", "channel": "email", "credentials": {"host": "h", "port": "abc", "secure": "no"}}
    response = await client.post("/v1/integrations", json=body, headers={"Authorization": f"ApiKey {tenant.rw}"})
    assert assert_error(response, 400, "Bad Request")["message"] == [
        "credentials.port must be a port number from 1 to 65535",
        "credentials.secure must be a boolean value",
    ]


async def test_unknown_route_and_method_answer_in_novu_shape(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    missing = await client.get("/v1/nothing", headers=auth)
    assert assert_error(missing, 404, "Not Found")["message"] == "Cannot GET /v1/nothing"
    wrong_method = await client.patch("/v1/integrations", headers=auth)
    assert assert_error(wrong_method, 405, "Method Not Allowed")["message"] == "Cannot PATCH /v1/integrations"
    assert wrong_method.headers["allow"] == "GET, POST"


async def test_native_errors_keep_their_problem_shape(client) -> None:
    response = await client.get("/v2/integrations")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_write_only_key_creates_but_cannot_list(client, tenant: Tenant) -> None:
    headers = {"Authorization": f"ApiKey {tenant.write_only}"}
    created = await client.post("/v1/integrations", json=BODY, headers=headers)
    assert created.status_code == 201
    listed = await client.get("/v1/integrations", headers=headers)
    assert assert_error(listed, 403, "Forbidden")["message"] == "This API key lacks the 'read' scope"


async def test_set_primary_ignores_a_body_and_put_ignores_idempotency(client, tenant: Tenant) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    created = await client.post(
        "/v1/integrations",
        json={**BODY, "credentials": {"apiKey": "SG.k", "from": "a@b.co"}},
        headers=auth,
    )
    integration_id = created.json()["data"]["_id"]
    primary = await client.post(f"/v1/integrations/{integration_id}/set-primary", headers=auth)
    assert primary.status_code == 200 and primary.json()["data"]["primary"] is True
    keyed = {**auth, "Idempotency-Key": "put-key"}
    first = await client.put(f"/v1/integrations/{integration_id}", json={"name": "One"}, headers=keyed)
    second = await client.put(f"/v1/integrations/{integration_id}", json={"name": "Two"}, headers=keyed)
    assert (first.json()["data"]["name"], second.json()["data"]["name"]) == ("One", "Two")
    assert "idempotency-replay" not in second.headers


ODD_VALUES: list[Any] = [None, "", 0, -1, 1.5, True, [], {}, [{"a": 1}], {"a": {"b": []}}, "x" * 5000]
NOVU_FIELDS = [
    "providerId",
    "channel",
    "name",
    "identifier",
    "_environmentId",
    "credentials",
    "active",
    "check",
    "conditions",
    "configurations",
]


@pytest.mark.parametrize("field", NOVU_FIELDS)
async def test_odd_values_never_give_a_500(client, tenant: Tenant, field: str) -> None:
    auth = {"Authorization": f"ApiKey {tenant.rw}"}
    base = {**BODY, "credentials": {"apiKey": "SG.k", "from": "a@b.co"}}
    created = await client.post("/v1/integrations", json=base, headers=auth)
    integration_id = created.json()["data"]["_id"]
    for value in ODD_VALUES:
        for method, path in (("POST", "/v1/integrations"), ("PUT", f"/v1/integrations/{integration_id}")):
            response = await client.request(method, path, json={**base, field: value}, headers=auth)
            assert response.status_code < 500, (field, value, response.text)
            if response.status_code >= 400:
                assert_error(response, response.status_code, response.json()["error"])
            else:
                assert response.json()["data"]["credentials"] == {}


async def test_nul_character_in_name_is_refused(client, tenant: Tenant) -> None:
    response = await client.post(
        "/v1/integrations", json={**BODY, "name": "a\u0000b"}, headers={"X-Api-Key": tenant.rw}
    )
    assert response.status_code in (201, 400), response.text
