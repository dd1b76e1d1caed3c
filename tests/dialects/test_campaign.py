"""The campaign face over HTTP: the seed's examples as they stand, its envelope, locales and errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import SERVICE_ACCOUNT
from tests.conftest import Tenant
from tests.dialects.test_novu_sdk import ISO

BASE = "/en/api/integration"
SENDGRID = {
    "name": "SendGrid Production",
    "type": "SENDGRID",
    "channel": "EMAIL",
    "apiKey": "SG.abc123...",
    "senderEmail": "noreply@example.com",
    "senderName": "Example Brand",
}
ELASTIC = {
    "name": "Elastic Email",
    "type": "ELASTIC_EMAIL",
    "channel": "EMAIL",
    "apiKey": "EE-abc123...",
    "senderEmail": "campaigns@example.com",
    "senderName": "Example Campaigns",
}
WEB_PUSH = {
    "name": "Web Push VAPID Keys",
    "type": "WEB_PUSH",
    "channel": "PUSH",
    "vapidPublicKey": "BHn...",
    "vapidPrivateKey": "abc123...",
}
TWILIO = {
    "name": "Twilio SMS",
    "type": "TWILIO",
    "channel": "SMS",
    "apiKey": "ACabc123...",
    "apiSecret": "your_twilio_auth_token",
    "senderPhone": "+1234567890",
}
OBJECT_FIELDS = [
    "id",
    "name",
    "type",
    "channel",
    "isActive",
    "senderEmail",
    "senderName",
    "senderPhone",
    "vapidPublicKey",
    "workspaceId",
    "createdAt",
    "updatedAt",
]
WRITE_ONLY = ("apiKey", "apiSecret", "vapidPrivateKey")


def result_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["result"]
    assert body["result"]["status"] == status
    return body["result"]


def assert_object(data: dict[str, Any], tenant: Tenant) -> None:
    assert list(data) == OBJECT_FIELDS
    assert data["id"].startswith("int_") and data["workspaceId"] == tenant.env_id
    assert ISO.match(data["createdAt"]) and ISO.match(data["updatedAt"])
    assert not set(WRITE_ONLY) & set(data)


async def create(client, tenant: Tenant, body: dict[str, Any], locale: str = "en") -> dict[str, Any]:
    response = await client.post(f"/{locale}/api/integration", json=body, headers=tenant.headers)
    return result_of(response, 201)


@pytest.mark.parametrize(
    ("example", "senders"),
    [
        (SENDGRID, {"senderEmail": "noreply@example.com", "senderName": "Example Brand"}),
        (ELASTIC, {"senderEmail": "campaigns@example.com", "senderName": "Example Campaigns"}),
        pytest.param(
            WEB_PUSH,
            {"vapidPublicKey": "BHn..."},
        ),
        pytest.param(
            TWILIO,
            {"senderPhone": "+1234567890"},
        ),
    ],
)
async def test_seed_create_examples_as_they_stand(client, tenant: Tenant, example, senders) -> None:
    response = await client.post(BASE, json=example, headers=tenant.headers)
    result = result_of(response, 201)
    assert list(result) == ["data", "message", "status"]
    assert result["message"] == "Integration created successfully"
    data = result["data"]
    assert_object(data, tenant)
    assert (data["name"], data["type"], data["channel"], data["isActive"]) == (
        example["name"],
        example["type"],
        example["channel"],
        True,
    )
    for field in ("senderEmail", "senderName", "senderPhone", "vapidPublicKey"):
        assert data[field] == senders.get(field)
    for secret in (example.get(k) for k in WRITE_ONLY):
        assert secret is None or secret not in response.text


async def test_list_get_and_delete_shapes(client, tenant: Tenant) -> None:
    sendgrid = (await create(client, tenant, SENDGRID))["data"]
    nexmo = (
        await create(
            client,
            tenant,
            {
                "name": "Vonage",
                "type": "NEXMO",
                "channel": "SMS",
                "apiKey": "k1",
                "apiSecret": "s1",
                "senderPhone": "Brand",
            },
        )
    )["data"]
    listed = result_of(await client.get(BASE, headers=tenant.headers), 200)
    assert list(listed) == ["data", "message", "status", "totalCount"]
    assert listed["message"] == "Integrations fetched successfully" and listed["totalCount"] == 2
    assert [d["id"] for d in listed["data"]] == [sendgrid["id"], nexmo["id"]]
    assert listed["data"][1]["senderPhone"] == "Brand" and listed["data"][1]["senderEmail"] is None

    got = result_of(await client.get(f"{BASE}/{sendgrid['id']}", headers=tenant.headers), 200)
    assert got["message"] == "Integration fetched successfully" and got["data"] == sendgrid
    assert list(got) == ["data", "message", "status"]

    deleted = result_of(await client.delete(f"{BASE}/{sendgrid['id']}", headers=tenant.headers), 200)
    assert deleted == {"data": None, "message": "Integration deleted successfully", "status": 200}
    gone = await client.get(f"{BASE}/{sendgrid['id']}", headers=tenant.headers)
    assert result_of(gone, 404)["message"] == "Integration not found"
    assert result_of(await client.get(BASE, headers=tenant.headers), 200)["totalCount"] == 1


async def test_fields_map_onto_each_type(client, tenant: Tenant) -> None:
    twilio = (
        await create(
            client,
            tenant,
            {**TWILIO, "senderPhone": "+14155552671", "isActive": False},
        )
    )["data"]
    push = (await create(client, tenant, {**WEB_PUSH, "senderEmail": "ops@example.com"}))["data"]
    fcm = (
        await create(
            client, tenant, {"name": "FCM", "type": "FIREBASE_FCM", "channel": "PUSH", "apiKey": SERVICE_ACCOUNT}
        )
    )["data"]
    assert (twilio["senderPhone"], twilio["isActive"]) == ("+14155552671", False)
    assert (push["vapidPublicKey"], push["senderEmail"]) == ("BHn...", "ops@example.com")
    native = {r["id"]: r for r in (await client.get("/v2/integrations", headers=tenant.headers)).json()["data"]}
    assert native[twilio["id"]]["properties"] == {"accountSid": "ACabc123...", "from": "+14155552671"}
    assert native[twilio["id"]]["credentials"] == {"token": "set"}
    assert native[push["id"]]["properties"]["subject"] == "mailto:ops@example.com"
    assert native[push["id"]]["credentials"] == {"vapidPrivateKey": "set"}
    assert native[fcm["id"]]["credentials"] == {"serviceAccount": "set"}


@pytest.mark.parametrize(
    ("locale", "listed", "created"),
    [
        ("en", "Integrations fetched successfully", "Integration created successfully"),
        ("de", "Integrationen erfolgreich abgerufen", "Integration erfolgreich erstellt"),
        ("fr-FR", "Intégrations récupérées avec succès", "Intégration créée avec succès"),
        ("es_ES", "Integraciones obtenidas correctamente", "Integración creada correctamente"),
        ("ja", "Integrations fetched successfully", "Integration created successfully"),
    ],
)
async def test_messages_follow_the_locale(client, tenant: Tenant, locale: str, listed: str, created: str) -> None:
    assert (await create(client, tenant, SENDGRID, locale))["message"] == created
    response = await client.get(f"/{locale}/api/integration", headers=tenant.headers)
    assert result_of(response, 200)["message"] == listed


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, [("name", "is required"), ("type", "is required"), ("channel", "is required")]),
        (
            {**SENDGRID, "type": "MAILCHIMP"},
            [("type", "must be one of ELASTIC_EMAIL, FIREBASE_FCM, NEXMO, SENDGRID, TWILIO, WEB_PUSH")],
        ),
        ({**SENDGRID, "channel": "FAX"}, [("channel", "must be one of EMAIL, SMS, PUSH")]),
        (
            {**SENDGRID, "isActive": "yes", "color": "red"},
            [("color", "is not a known field"), ("isActive", "must be a boolean")],
        ),
        ({**SENDGRID, "apiSecret": "x"}, [("apiSecret", "is not used by type SENDGRID")]),
        ({**SENDGRID, "senderEmail": "not-an-email"}, [("senderEmail", "must be an email address")]),
        ({**SENDGRID, "apiKey": None}, [("apiKey", "is required")]),
        ({**SENDGRID, "channel": "SMS"}, [("channel", "type sendgrid sends on channel email")]),
        ({**WEB_PUSH, "senderEmail": "nope"}, [("senderEmail", "must be an email address")]),
    ],
)
async def test_bad_input_is_400_naming_the_fields(client, tenant: Tenant, body, errors) -> None:
    response = await client.post("/de/api/integration", json=body, headers=tenant.headers)
    result = result_of(response, 400)
    assert result["data"] is None and result["message"] == "Die Anfrage ist ungültig"
    assert [(e["field"], e["message"]) for e in result["errors"]] == errors
    assert result_of(await client.get(BASE, headers=tenant.headers), 200)["totalCount"] == 0


async def test_malformed_json_is_400_in_the_envelope(client, tenant: Tenant) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    response = await client.post(BASE, content=b"[1,", headers=headers)
    assert result_of(response, 400)["errors"][0]["field"] == "body"


@pytest.mark.parametrize("header", ["X-Api-Key", "ApiKey", "Bearer"])
async def test_same_keys_in_any_accepted_header(client, tenant: Tenant, header: str) -> None:
    headers = {"X-Api-Key": tenant.rw} if header == "X-Api-Key" else {"Authorization": f"{header} {tenant.rw}"}
    assert result_of(await client.get(BASE, headers=headers), 200)["totalCount"] == 0


@pytest.mark.parametrize(
    ("headers", "locale", "message"),
    [
        ({}, "en", "A valid API key is required"),
        ({"X-Api-Key": "il_wrong"}, "fr", "Une clé API valide est requise"),
        ({"Authorization": "Basic abc"}, "es", "Se requiere una clave de API válida"),
    ],
)
async def test_missing_or_wrong_key_is_401(client, headers, locale: str, message: str) -> None:
    result = result_of(await client.get(f"/{locale}/api/integration", headers=headers), 401)
    assert result == {"data": None, "message": message, "status": 401}


async def test_scopes_are_enforced(client, tenant: Tenant) -> None:
    denied = await client.post(BASE, json=SENDGRID, headers=tenant.key(tenant.read_only))
    assert result_of(denied, 403)["message"] == "This API key is not allowed to do this"
    created = (await create(client, tenant, SENDGRID))["data"]
    refused = await client.delete(f"{BASE}/{created['id']}", headers=tenant.key(tenant.read_only))
    assert result_of(refused, 403)["data"] is None
    assert result_of(await client.get(f"{BASE}/{created['id']}", headers=tenant.headers), 200)


async def test_another_environments_ids_are_not_found(client, tenant: Tenant) -> None:
    created = (await create(client, tenant, SENDGRID))["data"]
    other = tenant.key(tenant.other_rw)
    assert (
        result_of(await client.get(f"{BASE}/{created['id']}", headers=other), 404)["message"] == "Integration not found"
    )
    assert result_of(await client.delete(f"{BASE}/{created['id']}", headers=other), 404)["status"] == 404
    assert result_of(await client.get(BASE, headers=other), 200)["totalCount"] == 0
    assert result_of(await client.get(f"{BASE}/{created['id']}", headers=tenant.headers), 200)
    assert result_of(await client.get(f"{BASE}/not-an-id", headers=tenant.headers), 404)


async def test_types_the_face_cannot_name_stay_hidden(client, tenant: Tenant) -> None:
    hook = {"name": "Hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    created = await client.post("/v2/integrations", json=hook, headers=tenant.headers)
    assert result_of(await client.get(BASE, headers=tenant.headers), 200)["totalCount"] == 0
    assert result_of(await client.get(f"{BASE}/{created.json()['id']}", headers=tenant.headers), 404)


async def test_unknown_method_answers_in_the_envelope(client, tenant: Tenant) -> None:
    response = await client.patch(BASE, headers=tenant.headers)
    assert result_of(response, 405)["status"] == 405
    assert response.headers["allow"] == "GET, POST"


async def test_create_honours_idempotency_key(client, tenant: Tenant) -> None:
    headers = {**tenant.headers, "Idempotency-Key": "campaign-1"}
    first = await client.post(BASE, json=SENDGRID, headers=headers)
    again = await client.post(BASE, json=SENDGRID, headers=headers)
    assert result_of(again, 201)["data"]["id"] == result_of(first, 201)["data"]["id"]
    assert again.headers["idempotency-replay"] == "true"
    reused = await client.post(BASE, json={**SENDGRID, "name": "Other"}, headers=headers)
    assert result_of(reused, 400)["errors"][0]["field"] == "Idempotency-Key"


ODD_VALUES: list[Any] = [None, "", 0, -1, 1.5, True, [], {}, [{"a": 1}], {"a": {"b": []}}, "x" * 5000]


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "type",
        "channel",
        "isActive",
        "apiKey",
        "apiSecret",
        "senderEmail",
        "senderName",
        "senderPhone",
        "vapidPublicKey",
        "vapidPrivateKey",
    ],
)
async def test_odd_values_never_give_a_500(client, tenant: Tenant, field: str) -> None:
    for value in ODD_VALUES:
        response = await client.post(BASE, json={**SENDGRID, field: value}, headers=tenant.headers)
        assert response.status_code in (201, 400), (field, value, response.text)
        result = result_of(response, response.status_code)
        if response.status_code == 400:
            assert result["data"] is None and result["errors"]
        else:
            assert not set(WRITE_ONLY) & set(result["data"])


@pytest.mark.parametrize("field", ["name", "senderName"])
async def test_nul_character_is_refused(client, tenant: Tenant, field: str) -> None:
    response = await client.post(BASE, json={**SENDGRID, field: "a\u0000b"}, headers=tenant.headers)
    assert response.status_code in (201, 400), response.text
