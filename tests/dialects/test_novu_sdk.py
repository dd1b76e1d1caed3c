"""The Novu face driven by the official novu-py SDK against a real server: every endpoint, as Novu clients see it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from novu_py import models

from interlink.services import idempotency, integrations
from interlink.services.caller import Caller
from tests.api.helpers import SERVICE_ACCOUNT
from tests.conftest import Tenant
from tests.dialects.conftest import call

SENDGRID: dict[str, Any] = {
    "name": "SendGrid",
    "identifier": "sg-1",
    "provider_id": "sendgrid",
    "channel": "email",
    "credentials": {"api_key": "SG.sdk-secret-value", "from_": "a@b.co", "sender_name": "A"},
    "active": True,
    "check": False,
}
CONDITIONS = [
    {
        "is_negated": False,
        "type": "GROUP",
        "value": "AND",
        "children": [{"field": "plan", "value": "pro", "operator": "EQUAL", "on": "payload"}],
    }
]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def body_of(exc: models.NovuError) -> dict[str, Any]:
    return json.loads(exc.body)


def assert_novu_error(exc: models.NovuError, status: int, error: str, path: str) -> dict[str, Any]:
    """Novu's error body: exactly statusCode, timestamp, path, message, error (plus errors on a 422)."""
    body = body_of(exc)
    assert exc.status_code == status
    assert {"statusCode", "timestamp", "path", "message", "error"} <= set(body)
    assert body["statusCode"] == status and body["error"] == error and body["path"] == path
    assert ISO.match(body["timestamp"])
    return body


async def test_create_answers_201_with_novu_shape(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    created = await call(sdk.integrations.create, create_integration_request_dto={**SENDGRID, "conditions": CONDITIONS})
    item = created.result
    assert item.id.startswith("int_")
    assert item.environment_id == tenant.env_id
    assert item.organization_id == tenant.organization_id
    assert (item.name, item.identifier, item.provider_id, item.channel) == ("SendGrid", "sg-1", "sendgrid", "email")
    assert item.active is True and item.deleted is False
    assert item.primary is False  # an integration with conditions is never primary
    assert item.credentials is not None and item.credentials.model_dump(exclude_none=True) == {}
    assert item.conditions[0].children[0].field == "plan"
    assert item.deleted_at is None and item.deleted_by is None
    assert created.headers["idempotency-key"]  # the SDK sent one; the face honours it


async def test_create_raw_body_echoes_fields_and_hides_credentials(client, tenant: Tenant) -> None:
    raw = {
        "providerId": "sendgrid",
        "channel": "email",
        "credentials": {"apiKey": "SG.raw-secret", "from": "a@b.co", "senderName": "A"},
        "active": True,
        "conditions": [],
    }
    response = await client.post("/v1/integrations", json=raw, headers={"Authorization": f"ApiKey {tenant.rw}"})
    assert response.status_code == 201, response.text
    assert list(response.json()) == ["data"]
    data = response.json()["data"]
    assert set(data) == {
        "_id",
        "_environmentId",
        "_organizationId",
        "name",
        "identifier",
        "providerId",
        "channel",
        "credentials",
        "active",
        "deleted",
        "primary",
        "priority",
        "conditions",
        "createdAt",
        "updatedAt",
    }
    assert data["credentials"] == {} and "SG.raw-secret" not in response.text
    assert (data["primary"], data["priority"], data["conditions"]) == (True, 1, [])
    assert ISO.match(data["createdAt"]) and ISO.match(data["updatedAt"])


async def test_identifier_is_generated_from_the_name(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    named = await call(
        sdk.integrations.create,
        create_integration_request_dto={"provider_id": "twilio", "channel": "sms", "name": "My Texts!"},
    )
    assert re.fullmatch(r"my-texts-[A-Za-z0-9]{8}", named.result.identifier)
    unnamed = await call(
        sdk.integrations.create, create_integration_request_dto={"provider_id": "nexmo", "channel": "sms"}
    )
    assert unnamed.result.name == "Vonage SMS (Nexmo)"
    assert unnamed.result.identifier.startswith("vonage-sms-nexmo-")


async def test_active_defaults_to_false_and_incomplete_credentials_are_kept_inactive(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    created = await call(
        sdk.integrations.create, create_integration_request_dto={"provider_id": "sendgrid", "channel": "email"}
    )
    assert created.result.active is False and created.result.primary is False


async def test_active_with_missing_credentials_is_400_naming_them(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    with pytest.raises(models.ErrorDto) as caught:
        await call(
            sdk.integrations.create,
            create_integration_request_dto={"provider_id": "sendgrid", "channel": "email", "active": True},
        )
    body = assert_novu_error(caught.value, 400, "Bad Request", "/v1/integrations")
    assert "credentials.apiKey is required" in body["message"]
    assert "credentials.from is required" in body["message"]
    listed = await call(sdk.integrations.list)
    assert listed.result == []


async def test_check_demands_complete_email_credentials_only(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    with pytest.raises(models.ErrorDto) as caught:
        await call(
            sdk.integrations.create,
            create_integration_request_dto={"provider_id": "sendgrid", "channel": "email", "check": True},
        )
    assert "credentials.apiKey is required" in body_of(caught.value)["message"]
    sms = await call(
        sdk.integrations.create,
        create_integration_request_dto={"provider_id": "twilio", "channel": "sms", "check": True},
    )
    assert sms.result.active is False


async def test_unknown_provider_is_400_listing_the_supported_ones(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    with pytest.raises(models.ErrorDto) as caught:
        await call(
            sdk.integrations.create, create_integration_request_dto={"provider_id": "mandrill", "channel": "email"}
        )
    body = assert_novu_error(caught.value, 400, "Bad Request", "/v1/integrations")
    assert body["message"][0].startswith("providerId must be one of the providers Interlink supports: ")
    assert "nodemailer" in body["message"][0] and "sendgrid" in body["message"][0]


async def test_unsupported_credential_key_is_400_and_nothing_is_stored(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    dto = {**SENDGRID, "credentials": {**SENDGRID["credentials"], "ip_pool_name": "pool-1"}}
    with pytest.raises(models.ErrorDto) as caught:
        await call(sdk.integrations.create, create_integration_request_dto=dto)
    assert body_of(caught.value)["message"] == ["credentials.ipPoolName is not supported by Interlink's SendGrid"]
    assert (await call(sdk.integrations.list)).result == []


async def test_bad_credential_value_is_named_in_novu_terms(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    dto = {
        "provider_id": "apns",
        "channel": "push",
        "credentials": {
            "api_key": "K" * 11,
            "project_name": "TEAM123456",
            "application_id": "com.example",
            "secret_key": "x",
        },
    }
    with pytest.raises(models.ErrorDto) as caught:
        await call(sdk.integrations.create, create_integration_request_dto=dto)
    assert body_of(caught.value)["message"] == ["credentials.apiKey must be at most 10 characters"]


async def test_identifier_conflict_is_409(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)
    with pytest.raises(models.ErrorDto) as caught:
        await call(sdk.integrations.create, create_integration_request_dto={**SENDGRID, "name": "Again"})
    body = assert_novu_error(caught.value, 409, "Conflict", "/v1/integrations")
    assert body["message"] == "Integration with identifier already exists"


async def test_environment_id_of_another_environment_is_403(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    with pytest.raises(models.ErrorDto) as caught:
        await call(
            sdk.integrations.create, create_integration_request_dto={**SENDGRID, "environment_id": tenant.other_env_id}
        )
    body = assert_novu_error(caught.value, 403, "Forbidden", "/v1/integrations")
    assert "scoped to a single environment" in body["message"]
    own = await call(
        sdk.integrations.create, create_integration_request_dto={**SENDGRID, "environment_id": tenant.env_id}
    )
    assert own.result.environment_id == tenant.env_id


async def test_wrong_key_is_401_and_read_only_key_cannot_write(novu, tenant: Tenant) -> None:
    with pytest.raises(models.ErrorDto) as caught:
        await call(novu("il_not-a-key").integrations.list)
    body = assert_novu_error(caught.value, 401, "Unauthorized", "/v1/integrations")
    assert body["message"] == "API Key not found"
    with pytest.raises(models.ErrorDto) as denied:
        await call(novu(tenant.read_only).integrations.create, create_integration_request_dto=SENDGRID)
    assert_novu_error(denied.value, 403, "Forbidden", "/v1/integrations")
    assert (await call(novu(tenant.read_only).integrations.list)).result == []


async def test_list_and_active_show_only_this_environment(novu, tenant: Tenant) -> None:
    sdk, other = novu(tenant.rw), novu(tenant.other_rw)
    active = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    inactive = (
        await call(sdk.integrations.create, create_integration_request_dto={"provider_id": "twilio", "channel": "sms"})
    ).result
    elsewhere = (await call(other.integrations.create, create_integration_request_dto=SENDGRID)).result
    listed = [i.id for i in (await call(sdk.integrations.list)).result]
    assert listed == [active.id, inactive.id]
    assert [i.id for i in (await call(sdk.integrations.list_active)).result] == [active.id]
    assert [i.id for i in (await call(other.integrations.list)).result] == [elsewhere.id]


async def test_update_renames_deactivates_and_replaces_credentials(novu, hub, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    created = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    assert created.primary is True
    updated = await call(
        sdk.integrations.update,
        integration_id=created.id,
        update_integration_request_dto={"name": "Renamed", "active": False, "check": False},
    )
    assert (updated.result.name, updated.result.active, updated.result.primary) == ("Renamed", False, False)
    replaced = await call(
        sdk.integrations.update,
        integration_id=created.id,
        update_integration_request_dto={"credentials": {"api_key": "SG.new-secret", "from_": "new@b.co"}},
    )
    assert replaced.result.credentials.model_dump(exclude_none=True) == {}
    caller = Caller(tenant.organization_id, tenant.env_id, "test", frozenset({"read", "write"}))
    record = await integrations.get(hub, caller, created.id)
    assert record.properties["from"] == "new@b.co"
    assert "senderName" not in record.properties  # left out of a wholesale replacement
    assert await integrations.credentials_of(hub, record) == {"apiKey": "SG.new-secret"}


async def test_update_errors(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    created = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    foreign = (await call(novu(tenant.other_rw).integrations.create, create_integration_request_dto=SENDGRID)).result
    for unknown in ("int_01HZZZZZZZZZZZZZZZZZZZZZZZ", foreign.id, "66f1c0ffee0000000000abcd"):
        with pytest.raises(models.NovuError) as caught:
            await call(sdk.integrations.update, integration_id=unknown, update_integration_request_dto={"name": "X"})
        body = assert_novu_error(caught.value, 404, "Not Found", f"/v1/integrations/{unknown}")
        assert body["message"] == f"Entity with id {unknown} not found"
    with pytest.raises(models.ErrorDto) as nothing:
        await call(sdk.integrations.update, integration_id=created.id, update_integration_request_dto={"check": True})
    assert body_of(nothing.value)["message"] == "No properties found for update"
    with pytest.raises(models.ErrorDto) as moved:
        await call(
            sdk.integrations.update,
            integration_id=created.id,
            update_integration_request_dto={"name": "X", "environment_id": tenant.other_env_id},
        )
    assert moved.value.status_code == 403
    with pytest.raises(models.ErrorDto) as incomplete:
        await call(
            sdk.integrations.update,
            integration_id=created.id,
            update_integration_request_dto={"credentials": {"api_key": "SG.only"}},
        )
    assert body_of(incomplete.value)["message"] == ["credentials.from is required"]
    still = (await call(sdk.integrations.list)).result[0]
    assert (still.name, still.active) == ("SendGrid", True)


async def test_update_conditions_clears_primary(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    created = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    updated = await call(
        sdk.integrations.update,
        integration_id=created.id,
        update_integration_request_dto={"conditions": CONDITIONS},
    )
    assert updated.result.primary is False
    assert updated.result.conditions[0].model_dump(by_alias=True)["isNegated"] is False


async def test_delete_answers_the_remaining_integrations(novu, client, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    first = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    second = (
        await call(sdk.integrations.create, create_integration_request_dto={"provider_id": "twilio", "channel": "sms"})
    ).result
    remaining = await call(sdk.integrations.delete, integration_id=first.id)
    assert [i.id for i in remaining.result] == [second.id]
    assert (await client.get(f"/v2/integrations/{first.id}", headers=tenant.headers)).status_code == 404
    with pytest.raises(models.NovuError) as again:
        await call(sdk.integrations.delete, integration_id=first.id)
    assert body_of(again.value)["message"] == f"Entity with id {first.id} not found"
    with pytest.raises(models.NovuError) as foreign:
        await call(novu(tenant.other_rw).integrations.delete, integration_id=second.id)
    assert foreign.value.status_code == 404
    assert [i.id for i in (await call(sdk.integrations.list)).result] == [second.id]


async def test_set_primary_moves_primary_within_email(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    first = (await call(sdk.integrations.create, create_integration_request_dto=SENDGRID)).result
    second = (
        await call(
            sdk.integrations.create,
            create_integration_request_dto={
                **SENDGRID,
                "identifier": "sg-2",
                "active": False,
                "conditions": CONDITIONS,
            },
        )
    ).result
    made = await call(sdk.integrations.set_as_primary, integration_id=second.id)
    assert (made.result.id, made.result.primary, made.result.active) == (second.id, True, True)
    assert made.result.conditions == []
    by_id = {i.id: i for i in (await call(sdk.integrations.list)).result}
    assert by_id[first.id].primary is False
    again = await call(sdk.integrations.set_as_primary, integration_id=second.id)
    assert again.result.primary is True


async def test_set_primary_refuses_channels_without_primary(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    push = (
        await call(
            sdk.integrations.create,
            create_integration_request_dto={
                "provider_id": "fcm",
                "channel": "push",
                "credentials": {"service_account": SERVICE_ACCOUNT},
                "active": True,
            },
        )
    ).result
    assert push.primary is False  # Novu has no primary outside email and sms
    with pytest.raises(models.ErrorDto) as caught:
        await call(sdk.integrations.set_as_primary, integration_id=push.id)
    path = f"/v1/integrations/{push.id}/set-primary"
    assert (
        assert_novu_error(caught.value, 400, "Bad Request", path)["message"] == "Channel push does not support primary"
    )


async def test_set_primary_unknown_foreign_and_malformed_ids(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    foreign = (await call(novu(tenant.other_rw).integrations.create, create_integration_request_dto=SENDGRID)).result
    for unknown in ("int_01HZZZZZZZZZZZZZZZZZZZZZZZ", foreign.id):
        with pytest.raises(models.NovuError) as caught:
            await call(sdk.integrations.set_as_primary, integration_id=unknown)
        assert caught.value.status_code == 404
        assert body_of(caught.value)["message"] == f"Integration with id {unknown} not found"
    with pytest.raises(models.ErrorDto) as malformed:
        await call(sdk.integrations.set_as_primary, integration_id="not-an-id")
    assert body_of(malformed.value)["message"] == ["integrationId must be an Interlink integration id (int_…)"]


async def test_idempotency_key_replays_the_first_answer(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    first = await call(
        sdk.integrations.create, create_integration_request_dto=SENDGRID, idempotency_key="idem-create-1"
    )
    replay = await call(
        sdk.integrations.create, create_integration_request_dto=SENDGRID, idempotency_key="idem-create-1"
    )
    assert replay.result.id == first.result.id
    assert replay.headers["idempotency-replay"] == ["true"]
    assert replay.headers["idempotency-key"] == ["idem-create-1"]
    assert "idempotency-replay" not in first.headers
    assert len((await call(sdk.integrations.list)).result) == 1
    primary = await call(sdk.integrations.set_as_primary, integration_id=first.result.id, idempotency_key="idem-p")
    replayed = await call(sdk.integrations.set_as_primary, integration_id=first.result.id, idempotency_key="idem-p")
    assert replayed.result.id == primary.result.id and replayed.headers["idempotency-replay"] == ["true"]


async def test_idempotency_key_reused_for_another_body_is_422(novu, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    await call(sdk.integrations.create, create_integration_request_dto=SENDGRID, idempotency_key="idem-reuse")
    with pytest.raises(models.ValidationErrorDto) as caught:
        await call(
            sdk.integrations.create,
            create_integration_request_dto={**SENDGRID, "identifier": "other"},
            idempotency_key="idem-reuse",
        )
    body = assert_novu_error(caught.value, 422, "Unprocessable Entity", "/v1/integrations")
    assert body["message"] == 'Request with key "idem-reuse" is being reused for a different body'
    assert caught.value.headers["idempotency-key"] == "idem-reuse"


async def test_idempotency_key_in_progress_is_409(novu, hub, tenant: Tenant) -> None:
    caller = Caller(tenant.organization_id, tenant.env_id, "test", frozenset({"read", "write"}))
    raw = json.dumps(
        {
            "identifier": "sg-1",
            "providerId": "sendgrid",
            "channel": "email",
            "credentials": {"apiKey": "SG.sdk-secret-value", "from": "a@b.co", "senderName": "A"},
            "active": True,
            "check": False,
            "name": "SendGrid",
        }
    ).encode()
    claim = await idempotency.begin(hub, caller, "idem-busy", idempotency.fingerprint("POST", "/v1/integrations", raw))
    assert isinstance(claim, idempotency.Claim)
    with pytest.raises(models.ErrorDto) as caught:
        await call(
            novu(tenant.rw).integrations.create, create_integration_request_dto=SENDGRID, idempotency_key="idem-busy"
        )
    body = assert_novu_error(caught.value, 409, "Conflict", "/v1/integrations")
    assert body["message"] == 'Request with key "idem-busy" is currently being processed. Please retry after 1 second'
    assert caught.value.headers["retry-after"] == "1"
    await idempotency.release(hub, claim)


async def test_idempotency_key_longer_than_255_is_400(novu, tenant: Tenant) -> None:
    key = "k" * 256
    with pytest.raises(models.ErrorDto) as caught:
        await call(novu(tenant.rw).integrations.create, create_integration_request_dto=SENDGRID, idempotency_key=key)
    body = assert_novu_error(caught.value, 400, "Bad Request", "/v1/integrations")
    assert body["message"] == f'idempotencyKey "{key}" has exceeded the maximum allowed length of 255 characters'


async def test_provider_and_credential_names_map_onto_manifests(novu, client, tenant: Tenant) -> None:
    sdk = novu(tenant.rw)
    smtp = await call(
        sdk.integrations.create,
        create_integration_request_dto={
            "provider_id": "nodemailer",
            "channel": "email",
            "credentials": {
                "host": "smtp.example.com",
                "port": "465",
                "secure": True,
                "user": "u",
                "password": "pw-1",
                "from_": "a@b.co",
                "sender_name": "A",
            },
            "active": True,
        },
    )
    apns = await call(
        sdk.integrations.create,
        create_integration_request_dto={
            "provider_id": "apns",
            "channel": "push",
            "credentials": {
                "api_key": "KEY1234567",
                "project_name": "TEAM123456",
                "application_id": "com.example.app",
                "secret_key": "-----BEGIN PRIVATE KEY-----",
                "secure": True,
            },
            "active": True,
        },
    )
    mailgun = await call(
        sdk.integrations.create,
        create_integration_request_dto={
            "provider_id": "mailgun",
            "channel": "email",
            "credentials": {"api_key": "key-1", "user": "api", "domain": "mg.example.com", "from_": "a@b.co"},
        },
    )
    assert smtp.result.provider_id == "nodemailer" and apns.result.provider_id == "apns"
    native = {r["id"]: r for r in (await client.get("/v2/integrations", headers=tenant.headers)).json()["data"]}
    assert native[smtp.result.id]["type"] == "smtp"
    assert (
        native[smtp.result.id]["properties"].items()
        >= {
            "host": "smtp.example.com",
            "port": 465,
            "secure": "TLS",
            "user": "u",
            "from": "a@b.co",
            "senderName": "A",
        }.items()
    )
    assert native[smtp.result.id]["credentials"] == {"password": "set"}
    assert native[apns.result.id]["properties"] == {
        "keyId": "KEY1234567",
        "teamId": "TEAM123456",
        "bundleId": "com.example.app",
        "production": True,
    }
    assert native[apns.result.id]["credentials"] == {"privateKey": "set"}
    assert "user" not in native[mailgun.result.id]["properties"]


async def test_integrations_novu_cannot_name_stay_out_of_its_lists(novu, client, tenant: Tenant) -> None:
    hook = {"name": "Hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    created = await client.post("/v2/integrations", json=hook, headers=tenant.headers)
    assert created.status_code == 201
    sdk = novu(tenant.rw)
    assert (await call(sdk.integrations.list)).result == []
    with pytest.raises(models.NovuError) as caught:
        await call(sdk.integrations.delete, integration_id=created.json()["id"])
    assert caught.value.status_code == 404
