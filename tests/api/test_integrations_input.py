"""Bad input to create and update: a clear problem document naming the field, and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from interlink.services import integrations
from tests.api.helpers import SIGNING_SECRET, URL, assert_problem, body_of, caller_of, create, fetch, listing
from tests.conftest import Tenant

SECRET = "s3cr3t-never-shown"
HOOK = {"url": "https://hooks.example.com/in"}

# (body, status, failing paths) for POST /v2/integrations
BAD_CREATES: dict[str, tuple[Any, int, tuple[str, ...]]] = {
    "non-object body": ([body_of()], 422, ("body",)),
    "string body": ("webhook", 422, ("body",)),
    "null body": (None, 422, ("body",)),
    "name as number": (body_of(name=42), 422, ("name",)),
    "name missing": ({"type": "webhook", "properties": HOOK}, 422, ("name",)),
    "name empty": (body_of(name=""), 422, ("name",)),
    "name blank": (body_of(name="   "), 422, ("name",)),
    "name overlong": (body_of(name="n" * 201), 422, ("name",)),
    "active as string": (body_of(active="true"), 422, ("active",)),
    "active as number": (body_of(active=1), 422, ("active",)),
    "unknown top-level field": (body_of(colour="blue"), 422, ("colour",)),
    "type missing": ({"name": "x", "properties": HOOK}, 422, ("type",)),
    "unknown type": (body_of(type="carrier_pigeon"), 422, ("type",)),
    "type as list": (body_of(type=["webhook"]), 422, ("type",)),
    "channel mismatch": (body_of(channel="sms"), 422, ("channel",)),
    "properties as list": (body_of(properties=[HOOK]), 422, ("properties",)),
    "credentials as string": (body_of(credentials="secret"), 422, ("credentials",)),
    "unknown property": (body_of(properties={**HOOK, "x": 1}), 422, ("properties.x",)),
    "unknown credential": (body_of(credentials={"x": SECRET}), 422, ("credentials.x",)),
    "url not a url": (body_of(properties={"url": "not a url"}), 422, ("properties.url",)),
    "url ftp scheme": (body_of(properties={"url": "ftp://files.example.com/x"}), 422, ("properties.url",)),
    "url as number": (body_of(properties={"url": 8080}), 422, ("properties.url",)),
    "enum outside choices": (body_of(properties={**HOOK, "method": "GET"}), 422, ("properties.method",)),
    "integer as string": (body_of(properties={**HOOK, "timeoutSeconds": "10"}), 422, ("properties.timeoutSeconds",)),
    "integer as boolean": (body_of(properties={**HOOK, "timeoutSeconds": True}), 422, ("properties.timeoutSeconds",)),
    "header with newline": (
        body_of(properties={**HOOK, "headers": {"X-A": "a\r\nX-Evil: 1"}}),
        422,
        ("properties.headers",),
    ),
    "bad email": (
        body_of("sendgrid", properties={"from": "not-an-email"}),
        422,
        ("properties.from",),
    ),
    "bad email in list": (
        body_of("sendgrid", properties={"from": "a@example.com", "recipients": ["ok@example.com", "nope"]}),
        422,
        ("properties.recipients",),
    ),
    "bad phone": (body_of("twilio", properties={"accountSid": "AC1", "from": "12345"}), 422, ("properties.from",)),
    "phone without country code": (
        body_of("twilio", properties={"accountSid": "AC1", "from": "4155552671"}),
        422,
        ("properties.from",),
    ),
    "missing required property": (body_of(properties={}), 422, ("properties.url",)),
    "missing required secret": (body_of("sendgrid", credentials={}), 422, ("properties.apiKey",)),
    "BASIC without username": (
        body_of(properties={**HOOK, "authType": "BASIC"}, credentials={"password": SECRET}),
        422,
        ("properties.username",),
    ),
    "DIGEST without either": (
        body_of(properties={**HOOK, "authType": "DIGEST"}),
        422,
        ("properties.username", "properties.password"),
    ),
    "bad identifier": (body_of(identifier="-starts-with-dash"), 422, ("identifier",)),
    "identifier with space": (body_of(identifier="has space"), 422, ("identifier",)),
    "identifier overlong": (body_of(identifier="i" * 201), 422, ("identifier",)),
    "metadata nested": (body_of(metadata={"team": {"name": "ops"}}), 422, ("metadata.team",)),
    "metadata as list": (body_of(metadata=["a"]), 422, ("metadata",)),
    "conditions not a list": (body_of(conditions={"children": []}), 422, ("conditions",)),
    "bad condition operator": (
        body_of(conditions=[{"value": "AND", "children": [{"field": "a", "operator": "ROUGHLY", "value": "1"}]}]),
        422,
        ("conditions[0].children[0].operator",),
    ),
    "condition children not a list": (body_of(conditions=[{"children": "test"}]), 422, ("conditions[0].children",)),
    "condition operator as list": (
        body_of(conditions=[{"children": [{"field": "a", "operator": ["EQUAL"], "value": "1"}]}]),
        422,
        ("conditions[0].children[0].operator",),
    ),
    "condition group value as object": (
        body_of(conditions=[{"value": {"op": "AND"}, "children": []}]),
        422,
        ("conditions[0].value",),
    ),
}


@pytest.mark.parametrize(("body", "status", "paths"), BAD_CREATES.values(), ids=BAD_CREATES.keys())
async def test_bad_create_bodies_are_refused_and_nothing_is_stored(client, tenant: Tenant, body, status, paths) -> None:
    existing = await create(client, tenant, name="Existing")
    before = await listing(client, tenant.headers)

    response = await client.post(URL, json=body, headers=tenant.headers)

    assert_problem(response, status, *paths)
    assert SECRET not in response.text
    assert await listing(client, tenant.headers) == before
    assert before["data"] == [existing]


async def test_malformed_json_is_400(client, tenant: Tenant) -> None:
    response = await client.post(
        URL, content=b'{"name": "x", "type": ', headers={**tenant.headers, "Content-Type": "application/json"}
    )

    assert_problem(response, 400, "body")
    assert (await listing(client, tenant.headers))["total"] == 0


async def test_an_empty_body_is_refused(client, tenant: Tenant) -> None:
    response = await client.post(URL, content=b"", headers={**tenant.headers, "Content-Type": "application/json"})

    assert_problem(response, 422, "body")
    assert (await listing(client, tenant.headers))["total"] == 0


async def test_a_body_over_one_mebibyte_is_413(client, tenant: Tenant) -> None:
    body = body_of(metadata={"blob": "x" * (1024 * 1024 + 1)})

    response = await client.post(URL, json=body, headers=tenant.headers)

    assert_problem(response, 413)
    assert (await listing(client, tenant.headers))["total"] == 0


async def test_a_large_body_under_the_limit_is_read(client, tenant: Tenant) -> None:
    """Just under the limit the body is read and judged on its content (here: metadata too long)."""
    body = body_of(metadata={"blob": "x" * (1024 * 1024 - 200)})

    response = await client.post(URL, json=body, headers=tenant.headers)

    assert_problem(response, 422, "metadata.blob")


async def test_secret_values_never_appear_in_an_error(client, tenant: Tenant) -> None:
    body = body_of(properties={"url": "nope", "authType": "BASIC"}, credentials={"username": SECRET, "password": 7})

    response = await client.post(URL, json=body, headers=tenant.headers)

    assert_problem(response, 422, "properties.url", "credentials.password")
    assert SECRET not in response.text


async def test_the_example_in_the_phone_error_is_itself_accepted(client, tenant: Tenant) -> None:
    bad = await client.post(
        URL, json=body_of("twilio", properties={"accountSid": "AC1", "from": "123"}), headers=tenant.headers
    )
    message = next(e["message"] for e in assert_problem(bad, 422, "properties.from")["errors"])
    example = message.rsplit("e.g. ", 1)[1].strip()

    record = await create(client, tenant, "twilio", properties={"accountSid": "AC1", "from": example})

    assert record["properties"]["from"] == example


async def test_values_are_normalized(client, tenant: Tenant) -> None:
    record = await create(
        client,
        tenant,
        "twilio",
        properties={"accountSid": "AC1", "from": "+1 (415) 555-2671", "recipients": ["+44 20 7183 8750"] * 2},
    )

    assert record["properties"]["from"] == "+14155552671"
    assert record["properties"]["recipients"] == ["+442071838750"]


async def test_valid_conditions_are_stored_as_sent(client, tenant: Tenant) -> None:
    conditions = [
        {
            "isNegated": False,
            "type": "GROUP",
            "value": "AND",
            "children": [{"field": "plan", "value": "pro", "operator": "EQUAL", "on": "payload"}],
        }
    ]

    record = await create(client, tenant, conditions=conditions)

    assert record["conditions"] == conditions
    assert (await fetch(client, tenant, record["id"]))["conditions"] == conditions


# --- update --------------------------------------------------------------------------------------

BAD_UPDATES: dict[str, tuple[Any, int, tuple[str, ...]]] = {
    "non-object body": ([{"name": "x"}], 422, ("body",)),
    "name as number": ({"name": 7}, 422, ("name",)),
    "name null": ({"name": None}, 422, ("name",)),
    "name empty": ({"name": ""}, 422, ("name",)),
    "name blank": ({"name": "  "}, 422, ("name",)),
    "name overlong": ({"name": "n" * 201}, 422, ("name",)),
    "active as string": ({"active": "true"}, 422, ("active",)),
    "active null": ({"active": None}, 422, ("active",)),
    "unknown field": ({"name": "ok", "colour": "blue"}, 422, ("colour",)),
    "type change": ({"type": "twilio"}, 422, ("type",)),
    "properties null": ({"properties": None}, 422, ("properties",)),
    "credentials as list": ({"credentials": ["x"]}, 422, ("credentials",)),
    "unknown property": ({"name": "ok", "properties": {"x": 1}}, 422, ("properties.x",)),
    "bad url with a good rename": ({"name": "ok", "properties": {"url": "nope"}}, 422, ("properties.url",)),
    "required removed": ({"properties": {"url": None}}, 422, ("properties.url",)),
    "required secret removed": ({"credentials": {"password": None}}, 422, ("properties.password",)),
    "enum outside choices": ({"name": "ok", "properties": {"method": "DELETE"}}, 422, ("properties.method",)),
    "metadata nested": ({"metadata": {"a": [1]}}, 422, ("metadata.a",)),
    "bad identifier": ({"identifier": "has space"}, 422, ("identifier",)),
    "bad conditions": (
        {"name": "ok", "conditions": [{"children": [{"field": "", "operator": "EQUAL", "value": "1"}]}]},
        422,
        ("conditions[0].children[0].field",),
    ),
}


@pytest.mark.parametrize(("body", "status", "paths"), BAD_UPDATES.values(), ids=BAD_UPDATES.keys())
async def test_bad_updates_are_refused_and_the_record_is_unchanged(
    client, tenant: Tenant, hub, body, status, paths
) -> None:
    record = await create(
        client,
        tenant,
        properties={**HOOK, "authType": "BASIC"},
        credentials={"username": "ops", "password": SECRET},
        metadata={"team": "ops"},
    )

    response = await client.put(f"{URL}/{record['id']}", json=body, headers=tenant.headers)

    assert_problem(response, status, *paths)
    assert SECRET not in response.text
    assert await fetch(client, tenant, record["id"]) == record
    stored = await integrations.get(hub, await caller_of(hub, tenant.rw), record["id"])
    assert await integrations.credentials_of(hub, stored) == {
        "username": "ops",
        "password": SECRET,
        "signingSecret": SIGNING_SECRET,
    }


async def test_malformed_json_on_update_is_400(client, tenant: Tenant) -> None:
    record = await create(client, tenant)

    response = await client.put(
        f"{URL}/{record['id']}", content=b"{name: x}", headers={**tenant.headers, "Content-Type": "application/json"}
    )

    assert_problem(response, 400, "body")
    assert await fetch(client, tenant, record["id"]) == record


async def test_an_oversize_update_is_413(client, tenant: Tenant) -> None:
    record = await create(client, tenant)

    response = await client.put(
        f"{URL}/{record['id']}", json={"metadata": {"blob": "x" * (1024 * 1024 + 1)}}, headers=tenant.headers
    )

    assert_problem(response, 413)
    assert await fetch(client, tenant, record["id"]) == record


@pytest.mark.parametrize(
    "body",
    [
        body_of(name="nul\u0000name"),
        body_of(properties={"url": "https://h.example.com/\u0000"}),
        body_of(metadata={"k\u0000": "v"}),
    ],
    ids=["name", "property", "metadata-key"],
)
async def test_a_nul_character_is_refused_on_every_database(client, tenant: Tenant, body) -> None:
    """PostgreSQL cannot store U+0000 in text or JSON; it must be a 4xx, never a 500."""
    response = await client.post(URL, json=body, headers=tenant.headers)

    assert 400 <= response.status_code < 500, response.text
    assert_problem(response, response.status_code)
    assert (await listing(client, tenant.headers))["total"] == 0
