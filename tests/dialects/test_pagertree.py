"""The PagerTree v4 face over HTTP: the seed's example as it stands, its envelope, parameters and errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Tenant

BASE = "/api/v4"
# The seed's example request, word for word; only the team id is replaced by one that exists.
EXAMPLE = {
    "name": "Retails Site Uptime Monitor",
    "integration_type_id": "01GDBEYARHS4W4QM6X370Z5TMB",
    "urgency": "high",
    "team_ids": ["01GDKK569YVD2EB6E9V80VXWY1"],
}
OBJECT_FIELDS = {
    "id",
    "prefix_id",
    "account_id",
    "created_at",
    "updated_at",
    "meta",
    "name",
    "enabled",
    "urgency",
    "integration_type_id",
    "integration_type",
    "options",
    "account_user_ids",
    "router_ids",
    "team_ids",
    "inbound_url",
}


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def assert_error(response: httpx.Response, status: int, *needles: str) -> list[str]:
    """PagerTree's error body: ``{errors: [{message}], code}``; each needle appears in some message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors", "code"} and body["code"] == status
    messages = [e["message"] for e in body["errors"]]
    assert messages and all(isinstance(m, str) and m for m in messages)
    for needle in needles:
        assert any(needle in m for m in messages), f"{needle!r} not in {messages}"
    assert "Traceback" not in response.text
    return messages


async def make_team(client: httpx.AsyncClient, secret: str) -> dict[str, Any]:
    user = await client.post(
        f"{BASE}/account_users", json={"name": "Ada", "email": "ada@example.com"}, headers=bearer(secret)
    )
    assert user.status_code == 201, user.text
    team = await client.post(
        f"{BASE}/teams", json={"name": "Web", "member_account_user_ids": [user.json()["id"]]}, headers=bearer(secret)
    )
    assert team.status_code == 201, team.text
    return dict(team.json())


async def test_the_seed_example_creates_the_integration(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    body = {**EXAMPLE, "team_ids": [team["id"]]}

    response = await client.post(f"{BASE}/integrations/", json=body, headers=bearer(tenant.rw))  # as the seed writes it
    assert response.status_code == 201, response.text
    created = response.json()
    assert set(created) == OBJECT_FIELDS
    assert created["name"] == "Retails Site Uptime Monitor"
    assert (created["urgency"], created["enabled"], created["team_ids"]) == ("high", True, [team["id"]])
    assert created["integration_type"]["id"] == "01GDBEYARHS4W4QM6X370Z5TMB"
    assert created["prefix_id"] == f"int_{created['id']}"
    assert created["inbound_url"].startswith(f"/v2/hooks/{created['prefix_id']}/")

    fetched = await client.get(f"{BASE}/integrations/{created['id']}", headers=bearer(tenant.rw))
    assert fetched.json() == created
    native = await client.get(f"/v2/integrations/{created['prefix_id']}", headers=tenant.headers)
    assert native.json()["properties"]["teamIds"] == [team["prefix_id"]]
    assert native.json()["properties"]["urgency"] == "high"


async def test_team_ids_with_their_prefix_work_too(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    body = {**EXAMPLE, "team_ids": [team["prefix_id"]], "enabled": False}
    created = await client.post(f"{BASE}/integrations", json=body, headers=bearer(tenant.rw))
    assert created.status_code == 201, created.text
    assert created.json()["team_ids"] == [team["id"]] and created.json()["enabled"] is False


async def test_required_parameters(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    base = {**EXAMPLE, "team_ids": [team["id"]]}
    for missing, needle in [
        ("name", "name can't be blank"),
        ("urgency", "urgency can't be blank"),
        ("integration_type_id", "integration_type_id can't be blank"),
        ("team_ids", "at least 1 destination"),
    ]:
        body = {k: v for k, v in base.items() if k != missing}
        assert_error(await client.post(f"{BASE}/integrations", json=body, headers=bearer(tenant.rw)), 422, needle)
    for change, needle in [
        ({"urgency": "urgent"}, "urgency must be one of"),
        ({"integration_type_id": "01GDBEYARHS4W4QM6X370ZZZZZ"}, "integration_type_id is not a known"),
        ({"team_ids": ["01GDKK569YVD2EB6E9V80VXWY1"]}, "team_ids[0]"),
        ({"team_ids": "abc"}, "team_ids must be a list"),
        ({"account_user_ids": ["nope"]}, "account_user_ids[0]"),
        ({"enabled": "yes"}, "enabled must be a boolean"),
        ({"option_colour": "red"}, "option_colour is not an option"),
        ({"name": 7}, "name"),
    ]:
        response = await client.post(f"{BASE}/integrations", json={**base, **change}, headers=bearer(tenant.rw))
        assert_error(response, 422, needle)
    listed = await client.get(f"{BASE}/integrations", headers=bearer(tenant.rw))
    assert listed.json()["total_count"] == 0


async def test_options_are_flat_and_secrets_write_only(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = {**EXAMPLE, "team_ids": [team["id"]], "option_signing_secret": secret, "ignored_param": 1}
    created = await client.post(f"{BASE}/integrations", json=body, headers=bearer(tenant.rw))
    assert created.status_code == 201, created.text
    assert secret not in created.text and "ignored_param" not in created.text
    native = await client.get(f"/v2/integrations/{created.json()['prefix_id']}", headers=tenant.headers)
    assert native.json()["credentials"] == {"signingSecret": "set"}


async def test_update_and_delete(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    created = (
        await client.post(f"{BASE}/integrations", json={**EXAMPLE, "team_ids": [team["id"]]}, headers=bearer(tenant.rw))
    ).json()
    item = f"{BASE}/integrations/{created['id']}"

    user = (await client.get(f"{BASE}/account_users", headers=bearer(tenant.rw))).json()["data"][0]
    changed = await client.put(
        item,
        json={"name": "Renamed", "urgency": "low", "account_user_ids": [user["id"]], "team_ids": []},
        headers=bearer(tenant.rw),
    )
    assert changed.status_code == 200, changed.text
    got = changed.json()
    assert (got["name"], got["urgency"], got["account_user_ids"], got["team_ids"]) == (
        "Renamed",
        "low",
        [user["id"]],
        [],
    )

    emptied = await client.put(item, json={"account_user_ids": []}, headers=bearer(tenant.rw))
    assert_error(emptied, 422, "account_user_ids")
    other_type = await client.put(item, json={"integration_type_id": "alertmanager"}, headers=bearer(tenant.rw))
    assert other_type.status_code == 422
    assert (await client.get(item, headers=bearer(tenant.rw))).json() == got

    deleted = await client.delete(item, headers=bearer(tenant.rw))
    assert deleted.status_code == 200 and deleted.json()["id"] == created["id"]
    assert_error(await client.get(item, headers=bearer(tenant.rw)), 404)
    assert_error(await client.delete(item, headers=bearer(tenant.rw)), 404)


async def test_list_pagination_envelope(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    made = []
    for i in range(3):
        body = {**EXAMPLE, "name": f"Monitor {i}", "team_ids": [team["id"]]}
        made.append((await client.post(f"{BASE}/integrations", json=body, headers=bearer(tenant.rw))).json()["id"])
    await client.post(
        "/v2/integrations",
        json={
            "name": "Mail",
            "type": "sendgrid",
            "properties": {"from": "a@example.com"},
            "credentials": {"apiKey": "k"},
        },
        headers=tenant.headers,
    )

    first = (await client.get(f"{BASE}/integrations", params={"limit": 2}, headers=bearer(tenant.rw))).json()
    assert set(first) == {"data", "has_more", "total_count"}
    assert ([r["id"] for r in first["data"]], first["has_more"], first["total_count"]) == (made[:2], True, 3)
    second = (
        await client.get(f"{BASE}/integrations", params={"limit": 2, "page": 2}, headers=bearer(tenant.rw))
    ).json()
    assert ([r["id"] for r in second["data"]], second["has_more"]) == (made[2:], False)
    offset = (await client.get(f"{BASE}/integrations", params={"offset": 1}, headers=bearer(tenant.rw))).json()
    assert [r["id"] for r in offset["data"]] == made[1:]
    for bad in ({"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"offset": -1}, {"page": 0}):
        assert_error(
            await client.get(f"{BASE}/integrations", params=bad, headers=bearer(tenant.rw)), 422, next(iter(bad))
        )


async def test_integration_types(client, tenant: Tenant) -> None:
    listed = (await client.get(f"{BASE}/integration_types", params={"limit": 100}, headers=bearer(tenant.rw))).json()
    assert listed["total_count"] == len(listed["data"]) >= 1
    generic = next(t for t in listed["data"] if t["id"] == "01GDBEYARHS4W4QM6X370Z5TMB")
    assert generic["key"] == "inbound_webhook" and "option_signing_secret" in {o["key"] for o in generic["options"]}
    assert all(len(t["id"]) == 26 for t in listed["data"])
    one = await client.get(f"{BASE}/integration_types/{generic['id']}", headers=bearer(tenant.rw))
    assert one.json() == generic
    assert_error(
        await client.get(f"{BASE}/integration_types/01GDBEYARHS4W4QM6X370ZZZZZ", headers=bearer(tenant.rw)), 404
    )


async def test_teams_users_and_routers(client, tenant: Tenant) -> None:
    h = bearer(tenant.rw)
    user = await client.post(
        f"{BASE}/account_users",
        json={"name": "Ada", "email": "ada@example.com", "contact_methods": [{"type": "sms", "to": "+14155552671"}]},
        headers=h,
    )
    assert user.status_code == 201, user.text
    uid = user.json()["id"]
    layers = [{"account_user_ids": [uid], "delay_minutes": 10, "repeat": 1}]
    team = await client.post(
        f"{BASE}/teams", json={"name": "Ops", "member_account_user_ids": [uid], "escalation_layers": layers}, headers=h
    )
    assert team.status_code == 201, team.text
    assert team.json()["escalation_layers"] == layers
    router = await client.post(
        f"{BASE}/routers",
        json={"name": "R", "rules": [{"actions": [{"type": "route", "teamId": team.json()["prefix_id"]}]}]},
        headers=h,
    )
    assert router.status_code == 201, router.text

    for path, record in (("account_users", user), ("teams", team), ("routers", router)):
        listed = (await client.get(f"{BASE}/{path}", headers=h)).json()
        assert (listed["total_count"], listed["has_more"], listed["data"]) == (1, False, [record.json()])
        assert (await client.get(f"{BASE}/{path}/{record.json()['id']}", headers=h)).json() == record.json()
        assert (await client.get(f"{BASE}/{path}/{record.json()['prefix_id']}", headers=h)).json() == record.json()

    assert_error(
        await client.post(f"{BASE}/account_users", json={"name": "Bo"}, headers=h), 422, "email can't be blank"
    )
    assert_error(await client.post(f"{BASE}/account_users", json={"name": "Bo", "email": "x"}, headers=h), 422, "email")
    bad_layer = {
        "name": "T",
        "member_account_user_ids": [uid],
        "escalation_layers": [{"account_user_ids": [uid], "delay_minutes": 0}],
    }
    assert_error(
        await client.post(f"{BASE}/teams", json=bad_layer, headers=h), 422, "escalation_layers[0].delay_minutes"
    )
    assert_error(
        await client.post(
            f"{BASE}/teams", json={"name": "T", "member_account_user_ids": ["01GDKK569YVD2EB6E9V80VXWY1"]}, headers=h
        ),
        422,
        "member_account_user_ids[0]",
    )
    assert_error(await client.post(f"{BASE}/routers", json={}, headers=h), 422, "name can't be blank")


@pytest.mark.parametrize("path", ["integrations", "integration_types", "teams", "account_users", "routers"])
async def test_auth_scope_and_environment(client, tenant: Tenant, path: str) -> None:
    assert_error(await client.get(f"{BASE}/{path}"), 401)
    assert_error(await client.get(f"{BASE}/{path}", headers={"Authorization": "Bearer nope"}), 401)
    assert_error(await client.get(f"{BASE}/{path}", headers=bearer(tenant.write_only)), 403)
    if path != "integration_types":
        assert_error(await client.post(f"{BASE}/{path}", json={"name": "x"}, headers=bearer(tenant.read_only)), 403)


async def test_other_environments_records_are_not_found(client, tenant: Tenant) -> None:
    team = await make_team(client, tenant.rw)
    created = (
        await client.post(f"{BASE}/integrations", json={**EXAMPLE, "team_ids": [team["id"]]}, headers=bearer(tenant.rw))
    ).json()
    other = bearer(tenant.other_rw)
    assert_error(await client.get(f"{BASE}/integrations/{created['id']}", headers=other), 404)
    assert_error(await client.put(f"{BASE}/integrations/{created['id']}", json={"name": "x"}, headers=other), 404)
    assert_error(await client.delete(f"{BASE}/integrations/{created['id']}", headers=other), 404)
    assert_error(await client.get(f"{BASE}/teams/{team['id']}", headers=other), 404)
    theirs = await client.post(f"{BASE}/integrations", json={**EXAMPLE, "team_ids": [team["id"]]}, headers=other)
    assert_error(theirs, 422, "team_ids[0]")
    assert (await client.get(f"{BASE}/integrations", headers=other)).json()["total_count"] == 0
    assert (await client.get(f"{BASE}/integrations/{created['id']}", headers=bearer(tenant.rw))).json()[
        "name"
    ] == created["name"]


async def test_malformed_requests(client, tenant: Tenant) -> None:
    h = {**bearer(tenant.rw), "Content-Type": "application/json"}
    assert_error(await client.post(f"{BASE}/integrations", content=b"{", headers=h), 400)
    assert_error(await client.post(f"{BASE}/integrations", json=[1], headers=bearer(tenant.rw)), 422)
    assert_error(await client.get(f"{BASE}/nothing", headers=bearer(tenant.rw)), 404, "Not Found")
    wrong_method = await client.patch(f"{BASE}/integration_types", headers=bearer(tenant.rw))
    assert_error(wrong_method, 405)
    assert wrong_method.headers["allow"] == "GET"
