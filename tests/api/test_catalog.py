"""The catalog over HTTP: types per direction, one type's properties, custom types and enabling them."""

from __future__ import annotations

import pytest

from interlink.sdk import Action
from interlink.sdk.manifest import DELIVERY_PROPERTIES
from interlink.services import keys, tenants
from tests.api.helpers import URL, assert_problem, body_of, create, ids
from tests.conftest import Tenant

MAPPING = f"{URL}/mapping"
PROPERTIES = f"{URL}/properties"
ENTRY_FIELDS = {
    "type",
    "name",
    "description",
    "direction",
    "channel",
    "availability",
    "available",
    "actions",
    "docsUrl",
}


async def mapping(client, headers: dict[str, str], **params: str) -> dict:
    response = await client.get(MAPPING, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_mapping_groups_every_type_by_direction(client, tenant: Tenant, hub) -> None:
    data = await mapping(client, tenant.headers)

    assert set(data) == {"INGRESS", "EGRESS"}
    for direction, entries in data.items():
        assert all(entry["direction"] == direction for entry in entries)
    listed = [entry["type"] for entries in data.values() for entry in entries]
    assert sorted(listed) == sorted(m.id for m in hub.registry)
    assert {"utility_data", "inbound_webhook"} <= {e["type"] for e in data["INGRESS"]}
    assert {"webhook", "sendgrid", "twilio"} <= {e["type"] for e in data["EGRESS"]}


async def test_mapping_entries_have_one_shape(client, tenant: Tenant) -> None:
    data = await mapping(client, tenant.headers)

    webhook = next(e for e in data["EGRESS"] if e["type"] == "webhook")
    assert webhook == {
        "type": "webhook",
        "name": "Webhook",
        "description": webhook["description"],
        "direction": "EGRESS",
        "channel": "webhook",
        "availability": "standard",
        "available": True,
        "actions": ["test-send"],
        "docsUrl": None,
    }
    for entry in data["INGRESS"] + data["EGRESS"]:
        assert set(entry) - {"message"} == ENTRY_FIELDS
        assert entry["description"]
        assert "properties" not in entry


async def test_every_type_lists_the_actions_its_manifest_declares(client, tenant: Tenant, hub) -> None:
    data = await mapping(client, tenant.headers)

    listed = {entry["type"]: entry["actions"] for entries in data.values() for entry in entries}
    assert listed == {m.id: [a.value for a in m.actions] for m in hub.registry}
    assert {action for actions in listed.values() for action in actions} <= {a.value for a in Action}


@pytest.mark.parametrize("direction", ["EGRESS", "INGRESS"])
async def test_mapping_filters_by_direction(client, tenant: Tenant, direction: str) -> None:
    everything = await mapping(client, tenant.headers)

    data = await mapping(client, tenant.headers, direction=direction)

    assert data == {direction: everything[direction]}


async def test_an_unknown_direction_is_422(client, tenant: Tenant) -> None:
    assert_problem(await client.get(MAPPING, params={"direction": "egress"}, headers=tenant.headers), 422, "direction")


async def test_properties_of_webhook_show_secrets_and_conditional_requirements(client, tenant: Tenant) -> None:
    response = await client.get(PROPERTIES, params={"type": "webhook"}, headers=tenant.headers)

    assert response.status_code == 200, response.text
    entry = response.json()["data"]
    assert set(entry) == ENTRY_FIELDS | {"properties"}
    by_key = {p["key"]: p for p in entry["properties"]}
    own = ["url", "method", "headers", "authType", "username", "password", "signingSecret", "timeoutSeconds"]
    assert list(by_key)[: len(own)] == own
    assert list(by_key)[len(own) :] == [p.key for p in DELIVERY_PROPERTIES]
    assert by_key["url"] == {
        "key": "url",
        "type": "url",
        "label": "Endpoint URL",
        "description": "",
        "required": True,
        "editable": True,
        "secret": False,
        "mapsToResource": None,
    }
    assert by_key["authType"]["choices"] == ["NONE", "BASIC", "DIGEST"]
    assert by_key["authType"]["default"] == "NONE"
    assert by_key["timeoutSeconds"]["default"] == 10
    for key in ("username", "password"):
        assert by_key[key]["secret"] is True
        assert by_key[key]["required"] is False
        assert by_key[key]["requiredWhen"] == {"property": "authType", "in": ["BASIC", "DIGEST"]}
    assert by_key["signingSecret"]["secret"] is True
    assert "requiredWhen" not in by_key["signingSecret"]
    assert [k for k, p in by_key.items() if p["secret"]] == ["headers", "username", "password", "signingSecret"]


async def test_properties_show_resource_mapping_and_fixed_fields(client, tenant: Tenant) -> None:
    response = await client.get(PROPERTIES, params={"type": "utility_data"}, headers=tenant.headers)

    by_key = {p["key"]: p for p in response.json()["data"]["properties"]}
    assert by_key["meter"]["mapsToResource"] == "thing"
    assert by_key["accountNumber"]["editable"] is False
    assert by_key["apiToken"]["secret"] is True


@pytest.mark.parametrize(
    ("params", "path"),
    [({"type": "carrier_pigeon"}, "type"), ({}, "type"), ({"type": ""}, "type"), ({"type": "x" * 65}, "type")],
    ids=["unknown", "missing", "empty", "overlong"],
)
async def test_properties_of_an_unknown_or_missing_type_are_422(client, tenant: Tenant, params, path) -> None:
    assert_problem(await client.get(PROPERTIES, params=params, headers=tenant.headers), 422, path)


async def test_reading_the_catalog_needs_a_key_with_read_scope(client, tenant: Tenant) -> None:
    assert_problem(await client.get(MAPPING), 401)
    assert_problem(await client.get(PROPERTIES, params={"type": "webhook"}), 401)
    assert_problem(await client.get(MAPPING, headers=tenant.key(tenant.write_only)), 403)
    assert (await client.get(MAPPING, headers=tenant.key(tenant.read_only))).status_code == 200


async def test_a_custom_type_is_listed_but_unavailable_until_enabled(client, tenant: Tenant) -> None:
    data = await mapping(client, tenant.headers, direction="INGRESS")
    utility = next(e for e in data["INGRESS"] if e["type"] == "utility_data")

    assert utility["availability"] == "custom"
    assert utility["available"] is False
    assert "contact" in utility["message"]
    props = (await client.get(PROPERTIES, params={"type": "utility_data"}, headers=tenant.headers)).json()["data"]
    assert props["available"] is False
    assert props["message"] == utility["message"]
    standard = [e for entries in (await mapping(client, tenant.headers)).values() for e in entries if e["available"]]
    assert all("message" not in e for e in standard)


async def test_creating_a_custom_type_that_is_not_enabled_is_403(client, tenant: Tenant) -> None:
    response = await client.post(URL, json=body_of("utility_data"), headers=tenant.headers)

    body = assert_problem(response, 403)
    assert "contact" in body["detail"]
    assert "utility-token-value" not in response.text
    assert await ids(client, tenant.headers) == []


async def test_an_enabled_custom_type_is_available_and_creatable(client, tenant: Tenant, hub) -> None:
    await tenants.enable_type(hub, tenant.organization_id, "utility_data")

    data = await mapping(client, tenant.headers, direction="INGRESS")
    utility = next(e for e in data["INGRESS"] if e["type"] == "utility_data")
    assert utility["available"] is True
    assert "message" not in utility
    record = await create(client, tenant, "utility_data")
    assert (record["direction"], record["channel"], record["primary"]) == ("INGRESS", "utility", False)
    assert record["credentials"] == {"apiToken": "set"}
    prod = await create(client, tenant, "utility_data", headers=tenant.key(tenant.other_rw))
    assert prod["environmentId"] == tenant.other_env_id


async def test_enabling_a_custom_type_is_per_organization(client, tenant: Tenant, hub) -> None:
    await tenants.enable_type(hub, tenant.organization_id, "utility_data")
    _, (other_env, _) = await tenants.create_organization(hub, "Another org")
    stranger = {"X-Api-Key": (await keys.create(hub, other_env, ["read", "write"])).secret}

    data = await mapping(client, stranger, direction="INGRESS")

    assert next(e for e in data["INGRESS"] if e["type"] == "utility_data")["available"] is False
    assert_problem(await client.post(URL, json=body_of("utility_data"), headers=stranger), 403)
