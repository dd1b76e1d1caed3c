"""The native integrations API over HTTP: shapes, identifiers, auth, environments, updates, deletes, lists."""

from __future__ import annotations

import re

import pytest

from interlink.services import integrations, keys
from tests.api.helpers import (
    SIGNING_SECRET,
    TIMESTAMP,
    URL,
    assert_problem,
    body_of,
    caller_of,
    create,
    fetch,
    ids,
    listing,
)
from tests.conftest import Tenant

RECORD_FIELDS = {
    "id", "name", "identifier", "type", "channel", "direction", "properties", "credentials", "metadata",
    "active", "primary", "priority", "conditions", "environmentId", "organizationId", "deleted", "deletedAt",
    "deletedBy", "createdAt", "updatedAt", "credentialStatus", "credentialCheckedAt",
}  # fmt: skip


# --- create, get, list: exact shapes -------------------------------------------------------------


async def test_create_answers_201_with_the_full_camel_case_record(client, tenant: Tenant, webhook_body) -> None:
    response = await client.post(URL, json=webhook_body, headers=tenant.headers)

    assert response.status_code == 201, response.text
    record = response.json()
    assert set(record) == RECORD_FIELDS
    assert re.fullmatch(r"int_[0-9A-HJKMNP-TV-Z]{26}", record["id"])
    assert re.fullmatch(r"ops-hook-[A-Za-z0-9]{8}", record["identifier"])
    assert TIMESTAMP.match(record["createdAt"]) and TIMESTAMP.match(record["updatedAt"])
    assert {k: v for k, v in record.items() if k not in {"id", "identifier", "createdAt", "updatedAt"}} == {
        "name": "Ops hook",
        "type": "webhook",
        "channel": "webhook",
        "direction": "EGRESS",
        "properties": {
            "url": "https://hooks.example.com/in",
            "authType": "BASIC",
            "method": "POST",
            "timeoutSeconds": 10,
        },
        "credentials": {"password": "set", "signingSecret": "set", "username": "set"},
        "metadata": {"team": "ops"},
        "active": True,
        "primary": True,
        "priority": 1,
        "conditions": [],
        "environmentId": tenant.env_id,
        "organizationId": tenant.organization_id,
        "deleted": False,
        "deletedAt": None,
        "deletedBy": None,
        "credentialStatus": "unknown",
        "credentialCheckedAt": None,
    }
    assert "s3cr3t-pass" not in response.text


async def test_get_and_list_show_the_same_record_as_create(client, tenant: Tenant, webhook_body) -> None:
    created = (await client.post(URL, json=webhook_body, headers=tenant.headers)).json()

    assert await fetch(client, tenant, created["id"]) == created
    listed = await client.get(URL, headers=tenant.headers)
    assert listed.status_code == 200
    assert listed.json() == {"data": [created], "total": 1, "nextCursor": None}
    assert "s3cr3t-pass" not in listed.text


async def test_an_empty_environment_lists_nothing(client, tenant: Tenant) -> None:
    response = await client.get(URL, headers=tenant.headers)
    assert response.json() == {"data": [], "total": 0, "nextCursor": None}


async def test_secrets_given_in_properties_are_stored_as_credentials(client, tenant: Tenant, hub) -> None:
    record = await create(
        client,
        tenant,
        properties={"url": "https://h.example.com", "signingSecret": "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw=="},
    )

    assert "signingSecret" not in record["properties"]
    assert record["credentials"] == {"signingSecret": "set"}
    stored = await integrations.get(hub, await caller_of(hub, tenant.rw), record["id"])
    assert await integrations.credentials_of(hub, stored) == {
        "signingSecret": "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw=="
    }


# --- identifiers -----------------------------------------------------------------------------------


async def test_generated_identifiers_follow_the_name_and_differ(client, tenant: Tenant) -> None:
    first = await create(client, tenant, name="Billing Alerts!")
    second = await create(client, tenant, name="Billing Alerts!")

    assert re.fullmatch(r"billing-alerts-[A-Za-z0-9]{8}", first["identifier"])
    assert re.fullmatch(r"billing-alerts-[A-Za-z0-9]{8}", second["identifier"])
    assert first["identifier"] != second["identifier"]


async def test_a_duplicate_identifier_in_one_environment_is_409(client, tenant: Tenant) -> None:
    first = await create(client, tenant, identifier="ops-hook")

    response = await client.post(URL, json=body_of(identifier="ops-hook", name="Other"), headers=tenant.headers)

    body = assert_problem(response, 409, "identifier")
    assert body["detail"] == "Integration with identifier already exists"
    assert await ids(client, tenant.headers) == [first["id"]]


async def test_the_same_identifier_is_allowed_in_the_other_environment(client, tenant: Tenant) -> None:
    dev = await create(client, tenant, identifier="ops-hook")
    prod = await create(client, tenant, identifier="ops-hook", headers=tenant.key(tenant.other_rw))

    assert prod["environmentId"] == tenant.other_env_id
    assert prod["identifier"] == dev["identifier"] == "ops-hook"
    assert prod["id"] != dev["id"]


async def test_an_identifier_is_free_again_after_a_soft_delete(client, tenant: Tenant) -> None:
    first = await create(client, tenant, identifier="ops-hook")
    assert (await client.delete(f"{URL}/{first['id']}", headers=tenant.headers)).status_code == 200

    again = await create(client, tenant, identifier="ops-hook")

    assert again["id"] != first["id"]
    assert await ids(client, tenant.headers) == [again["id"]]


async def test_renaming_onto_a_used_identifier_is_409(client, tenant: Tenant) -> None:
    await create(client, tenant, identifier="taken")
    other = await create(client, tenant, identifier="mine")

    response = await client.put(f"{URL}/{other['id']}", json={"identifier": "taken"}, headers=tenant.headers)

    assert_problem(response, 409, "identifier")
    assert (await fetch(client, tenant, other["id"]))["identifier"] == "mine"


# --- authentication and scopes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_headers",
    [
        lambda key: {"X-Api-Key": key},
        lambda key: {"Authorization": f"ApiKey {key}"},
        lambda key: {"Authorization": f"Bearer {key}"},
    ],
    ids=["x-api-key", "authorization-apikey", "authorization-bearer"],
)
async def test_every_accepted_header_form_authenticates(client, tenant: Tenant, make_headers) -> None:
    record = await create(client, tenant, headers=make_headers(tenant.rw))

    response = await client.get(f"{URL}/{record['id']}", headers=make_headers(tenant.rw))

    assert response.status_code == 200
    assert response.json()["environmentId"] == tenant.env_id


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Api-Key": "il_not-a-real-key"},
        {"Authorization": "ApiKey il_not-a-real-key"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Token abc"},
        {"Authorization": "Bearer"},
    ],
    ids=["no-key", "unknown-key", "unknown-apikey", "basic-scheme", "token-scheme", "bearer-without-key"],
)
async def test_missing_unknown_or_malformed_credentials_are_401(client, tenant: Tenant, headers) -> None:
    before = await create(client, tenant)
    for method, path, body in [
        ("GET", URL, None),
        ("GET", f"{URL}/{before['id']}", None),
        ("POST", URL, body_of()),
        ("PUT", f"{URL}/{before['id']}", {"name": "Hijacked"}),
        ("DELETE", f"{URL}/{before['id']}", None),
    ]:
        response = await client.request(method, path, json=body, headers=headers)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "ApiKey"
    assert await listing(client, tenant.headers) == {"data": [before], "total": 1, "nextCursor": None}


async def test_a_revoked_key_is_401(client, tenant: Tenant, hub) -> None:
    record = await create(client, tenant)
    caller = await caller_of(hub, tenant.rw)

    await keys.revoke(hub, caller.actor)

    assert_problem(await client.get(URL, headers=tenant.headers), 401)
    assert_problem(await client.get(f"{URL}/{record['id']}", headers=tenant.headers), 401)
    assert_problem(await client.post(URL, json=body_of(), headers=tenant.headers), 401)
    assert (await client.get(URL, headers=tenant.key(tenant.read_only))).json()["total"] == 1


async def test_a_read_only_key_reads_but_may_not_write(client, tenant: Tenant) -> None:
    record = await create(client, tenant)
    ro = tenant.key(tenant.read_only)
    item = f"{URL}/{record['id']}"

    assert (await client.get(URL, headers=ro)).status_code == 200
    assert (await client.get(item, headers=ro)).json() == record
    assert (await client.get(f"{URL}/mapping", headers=ro)).status_code == 200
    assert (await client.get(f"{URL}/properties", params={"type": "webhook"}, headers=ro)).status_code == 200
    assert_problem(await client.post(URL, json=body_of(), headers=ro), 403)
    assert_problem(await client.put(item, json={"name": "No"}, headers=ro), 403)
    assert_problem(await client.delete(item, headers=ro), 403)
    assert_problem(await client.post(f"{item}/set-primary", headers=ro), 403)
    assert await listing(client, tenant.headers) == {"data": [record], "total": 1, "nextCursor": None}


async def test_a_write_only_key_writes_but_may_not_read(client, tenant: Tenant) -> None:
    wo = tenant.key(tenant.write_only)

    created = await client.post(URL, json=body_of(), headers=wo)
    assert created.status_code == 201, created.text
    item = f"{URL}/{created.json()['id']}"

    assert_problem(await client.get(URL, headers=wo), 403)
    assert_problem(await client.get(item, headers=wo), 403)
    assert_problem(await client.get(f"{item}/resource-mappings", headers=wo), 403)
    assert (await client.put(item, json={"name": "Renamed"}, headers=wo)).status_code == 200
    assert (await fetch(client, tenant, created.json()["id"]))["name"] == "Renamed"


# --- environments and ids ------------------------------------------------------------------------


def _same_problem(one: dict, other: dict, one_id: str, other_id: str) -> None:
    """Two 404s look alike once the id each names is taken out."""

    def strip(body: dict, id_: str) -> dict:
        return {k: (v.replace(id_, "<id>") if isinstance(v, str) else v) for k, v in body.items() if k != "traceId"}

    assert strip(one, one_id) == strip(other, other_id)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PUT", "", {"name": "Hijacked"}),
        ("DELETE", "", None),
        ("POST", "/set-primary", None),
        ("GET", "/resource-mappings", None),
    ],
    ids=["get", "put", "delete", "set-primary", "resource-mappings"],
)
async def test_another_environments_id_is_404_like_a_missing_one(client, tenant: Tenant, method, suffix, body) -> None:
    record = await create(client, tenant)
    other = tenant.key(tenant.other_rw)
    missing_id = "int_01J00000000000000000000000"

    foreign = await client.request(method, f"{URL}/{record['id']}{suffix}", json=body, headers=other)
    missing = await client.request(method, f"{URL}/{missing_id}{suffix}", json=body, headers=other)

    assert_problem(foreign, 404)
    assert_problem(missing, 404)
    _same_problem(foreign.json(), missing.json(), record["id"], missing_id)
    assert await fetch(client, tenant, record["id"]) == record


@pytest.mark.parametrize(
    "bad_id",
    [
        "nope",
        "int_123",
        "int_01J0000000000000000000000!",
        "INT_01J00000000000000000000000",
        "map_01J00000000000000000000000",
    ],
)
async def test_malformed_ids_are_404(client, tenant: Tenant, bad_id: str) -> None:
    for method, suffix, body in [
        ("GET", "", None),
        ("PUT", "", {"name": "x"}),
        ("DELETE", "", None),
        ("POST", "/set-primary", None),
        ("GET", "/resource-mappings", None),
    ]:
        assert_problem(await client.request(method, f"{URL}/{bad_id}{suffix}", json=body, headers=tenant.headers), 404)


async def test_lists_are_scoped_to_the_keys_environment(client, tenant: Tenant) -> None:
    dev = await create(client, tenant)
    prod = await create(client, tenant, headers=tenant.key(tenant.other_rw))

    assert await ids(client, tenant.headers) == [dev["id"]]
    assert await ids(client, tenant.key(tenant.other_rw)) == [prod["id"]]


# --- update ----------------------------------------------------------------------------------------


async def test_put_changes_only_what_it_names(client, tenant: Tenant, webhook_body) -> None:
    record = (await client.post(URL, json=webhook_body, headers=tenant.headers)).json()

    response = await client.put(f"{URL}/{record['id']}", json={"name": "Renamed"}, headers=tenant.headers)

    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "Renamed"
    unchanged = {k: v for k, v in record.items() if k not in {"name", "updatedAt"}}
    assert {k: v for k, v in updated.items() if k not in {"name", "updatedAt"}} == unchanged
    assert updated["updatedAt"] >= record["updatedAt"]
    assert await fetch(client, tenant, record["id"]) == updated


async def test_credentials_stay_set_when_only_the_name_changes(client, tenant: Tenant, hub, webhook_body) -> None:
    record = (await client.post(URL, json=webhook_body, headers=tenant.headers)).json()

    await client.put(f"{URL}/{record['id']}", json={"name": "Renamed"}, headers=tenant.headers)

    stored = await integrations.get(hub, await caller_of(hub, tenant.rw), record["id"])
    assert await integrations.credentials_of(hub, stored) == {
        "username": "ops",
        "password": "s3cr3t-pass",
        "signingSecret": SIGNING_SECRET,
    }


async def test_properties_and_credentials_merge_by_key(client, tenant: Tenant, hub, webhook_body) -> None:
    record = (await client.post(URL, json=webhook_body, headers=tenant.headers)).json()

    response = await client.put(
        f"{URL}/{record['id']}",
        json={"properties": {"timeoutSeconds": 30}, "credentials": {"password": "new-pass"}},
        headers=tenant.headers,
    )

    assert response.status_code == 200, response.text
    assert response.json()["properties"] == {**record["properties"], "timeoutSeconds": 30}
    assert response.json()["credentials"] == {"password": "set", "signingSecret": "set", "username": "set"}
    stored = await integrations.get(hub, await caller_of(hub, tenant.rw), record["id"])
    assert await integrations.credentials_of(hub, stored) == {
        "username": "ops",
        "password": "new-pass",
        "signingSecret": SIGNING_SECRET,
    }
    assert "new-pass" not in response.text


async def test_null_removes_an_optional_property_or_credential(client, tenant: Tenant) -> None:
    record = await create(
        client,
        tenant,
        properties={"url": "https://h.example.com", "headers": {"X-Team": "ops"}},
        credentials={"signingSecret": "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw=="},
    )
    assert "headers" not in record["properties"]
    assert record["credentials"]["headers"] == {"X-Team": "set"}

    response = await client.put(
        f"{URL}/{record['id']}",
        json={"properties": {"headers": None}, "credentials": {"signingSecret": None}},
        headers=tenant.headers,
    )

    assert response.status_code == 200, response.text
    assert "headers" not in response.json()["properties"]
    assert response.json()["credentials"] == {}


async def test_null_on_a_property_with_a_default_restores_the_default(client, tenant: Tenant) -> None:
    record = await create(client, tenant, properties={"url": "https://h.example.com", "timeoutSeconds": 30})

    response = await client.put(
        f"{URL}/{record['id']}", json={"properties": {"timeoutSeconds": None}}, headers=tenant.headers
    )

    assert response.status_code == 200, response.text
    assert response.json()["properties"]["timeoutSeconds"] == 10


async def test_metadata_is_replaced_not_merged(client, tenant: Tenant, webhook_body) -> None:
    record = (await client.post(URL, json=webhook_body, headers=tenant.headers)).json()

    response = await client.put(f"{URL}/{record['id']}", json={"metadata": {"owner": "kim"}}, headers=tenant.headers)

    assert response.json()["metadata"] == {"owner": "kim"}
    assert (await fetch(client, tenant, record["id"]))["metadata"] == {"owner": "kim"}


async def test_a_non_editable_property_may_keep_its_value_but_not_change(client, tenant: Tenant) -> None:
    record = await create(client, tenant, "fcm")
    item = f"{URL}/{record['id']}"

    same = await client.put(
        item, json={"properties": {"projectId": "proj-a"}, "name": "Push 2"}, headers=tenant.headers
    )
    assert same.status_code == 200, same.text
    changed = await client.put(item, json={"properties": {"projectId": "proj-b"}}, headers=tenant.headers)
    assert_problem(changed, 422, "properties.projectId")
    removed = await client.put(item, json={"properties": {"projectId": None}}, headers=tenant.headers)
    assert_problem(removed, 422, "properties.projectId")

    assert (await fetch(client, tenant, record["id"]))["properties"]["projectId"] == "proj-a"


async def test_deactivating_skips_required_checks_and_reactivating_applies_them(client, tenant: Tenant) -> None:
    record = await create(client, tenant, "sendgrid", active=False, credentials={})
    assert record["credentials"] == {}
    item = f"{URL}/{record['id']}"

    assert_problem(await client.put(item, json={"active": True}, headers=tenant.headers), 422, "properties.apiKey")
    fixed = await client.put(item, json={"active": True, "credentials": {"apiKey": "SG.k"}}, headers=tenant.headers)

    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["active"] is True
    assert fixed.json()["credentials"] == {"apiKey": "set"}


# --- soft delete -----------------------------------------------------------------------------------


async def test_delete_is_soft_and_says_who_deleted(client, tenant: Tenant, hub) -> None:
    keep = await create(client, tenant, name="Keep")
    gone = await create(client, tenant, name="Gone")
    key_id = (await caller_of(hub, tenant.rw)).actor

    response = await client.delete(f"{URL}/{gone['id']}", headers=tenant.headers)

    assert response.status_code == 200, response.text
    deleted = response.json()
    assert deleted["deleted"] is True
    assert deleted["deletedBy"] == key_id
    assert TIMESTAMP.match(deleted["deletedAt"])
    assert deleted["primary"] is False
    assert_problem(await client.get(f"{URL}/{gone['id']}", headers=tenant.headers), 404)
    assert await ids(client, tenant.headers) == [keep["id"]]
    assert (await listing(client, tenant.headers))["total"] == 1

    audit = await client.get("/v2/audit-events", params={"targetId": gone["id"]}, headers=tenant.headers)
    actions = {event["action"]: event for event in audit.json()["data"]}
    assert actions["integration.deleted"]["actor"] == key_id
    assert actions["integration.created"]["actor"] == key_id


async def test_deleting_twice_is_404_and_a_deleted_record_cannot_be_updated(client, tenant: Tenant) -> None:
    record = await create(client, tenant)
    item = f"{URL}/{record['id']}"
    assert (await client.delete(item, headers=tenant.headers)).status_code == 200

    assert_problem(await client.delete(item, headers=tenant.headers), 404)
    assert_problem(await client.put(item, json={"name": "Back"}, headers=tenant.headers), 404)
    assert_problem(await client.post(f"{item}/set-primary", headers=tenant.headers), 404)


# --- list filters and pagination -----------------------------------------------------------------


async def test_list_filters(client, tenant: Tenant) -> None:
    hook = await create(client, tenant, name="Ops hook", identifier="ops-hook")
    sms = await create(client, tenant, "twilio", name="Night SMS")
    inbound = await create(client, tenant, "inbound_webhook", name="Alerts in")
    mail = await create(client, tenant, "sendgrid", name="Mail", identifier="billing-mail", active=False)
    h = tenant.headers

    assert await ids(client, h, direction="INGRESS") == [inbound["id"]]
    assert await ids(client, h, direction="EGRESS") == [hook["id"], sms["id"], mail["id"]]
    assert await ids(client, h, channel="sms") == [sms["id"]]
    assert await ids(client, h, type="webhook") == [hook["id"]]
    assert await ids(client, h, active="false") == [mail["id"]]
    assert await ids(client, h, active="true") == [hook["id"], sms["id"], inbound["id"]]
    assert await ids(client, h, search="NIGHT") == [sms["id"]]
    assert await ids(client, h, search="billing") == [mail["id"]]
    assert await ids(client, h, search="ops-h") == [hook["id"]]
    assert await ids(client, h, search="100%") == []
    assert await ids(client, h, direction="EGRESS", active="true", search="s") == [hook["id"], sms["id"]]
    filtered = await listing(client, h, direction="EGRESS", limit=1)
    assert filtered["total"] == 3
    assert [r["id"] for r in filtered["data"]] == [hook["id"]]


async def test_search_treats_like_wildcards_as_text(client, tenant: Tenant) -> None:
    await create(client, tenant, name="Plain name")
    odd = await create(client, tenant, name="50% off_hook")

    assert await ids(client, tenant.headers, search="%") == [odd["id"]]
    assert await ids(client, tenant.headers, search="_") == [odd["id"]]


async def test_cursor_pagination_walks_every_record_once(client, tenant: Tenant) -> None:
    created = [(await create(client, tenant, name=f"Hook {i}"))["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(URL, params=params, headers=tenant.headers)).json()
        pages += 1
        assert page["total"] == 5
        assert len(page["data"]) <= 2
        seen += [row["id"] for row in page["data"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
        assert cursor == page["data"][-1]["id"]
    assert seen == created
    assert pages == 3


async def test_the_last_full_page_has_no_next_cursor(client, tenant: Tenant) -> None:
    created = [(await create(client, tenant, name=f"Hook {i}"))["id"] for i in range(4)]

    first = (await client.get(URL, params={"limit": 2}, headers=tenant.headers)).json()
    second = (await client.get(URL, params={"limit": 2, "cursor": first["nextCursor"]}, headers=tenant.headers)).json()

    assert [r["id"] for r in first["data"]] == created[:2]
    assert [r["id"] for r in second["data"]] == created[2:]
    assert second["nextCursor"] is None


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"direction": "SIDEWAYS"}, "direction"),
        ({"active": "maybe"}, "active"),
        ({"search": "x" * 201}, "search"),
        ({"cursor": "x" * 65}, "cursor"),
    ],
)
async def test_bad_list_parameters_are_422(client, tenant: Tenant, params, path) -> None:
    assert_problem(await client.get(URL, params=params, headers=tenant.headers), 422, path)
