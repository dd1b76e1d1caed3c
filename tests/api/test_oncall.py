"""``/v2/users``, ``/v2/teams`` and ``/v2/routers`` over HTTP: shapes, validation, keys, environments, deletes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_problem
from tests.conftest import Tenant

UNKNOWN_USER = "usr_01J00000000000000000000000"


async def post(client: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def make_user(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    return await post(client, tenant, "/v2/users", {"name": "Ada", "email": "ada@example.com", **fields})


async def make_team(client: httpx.AsyncClient, tenant: Tenant, *users: str, **fields: Any) -> dict[str, Any]:
    layers = [{"userIds": [u], "delayMinutes": 5, "repeat": 0} for u in users]
    return await post(
        client, tenant, "/v2/teams", {"name": "Ops", "memberIds": list(users), "layers": layers, **fields}
    )


async def test_user_round_trip_with_contact_methods(client, tenant: Tenant) -> None:
    methods = [
        {"type": "email", "to": "ada.pager@example.com"},
        {"type": "sms", "to": "+14155552671"},
        {"type": "push", "to": {"subscription": {"endpoint": "https://push.example.com/x", "keys": {"p256dh": "a"}}}},
        {"type": "chat", "to": "#ops"},
        {"type": "webhook"},
    ]
    user = await make_user(client, tenant, contactMethods=methods)

    assert user["id"].startswith("usr_")
    assert (user["name"], user["email"], user["environmentId"]) == ("Ada", "ada@example.com", tenant.env_id)
    assert [m["type"] for m in user["contactMethods"]] == ["email", "sms", "push", "chat", "webhook"]
    assert user["contactMethods"][0]["to"] == {"email": "ada.pager@example.com"}
    assert user["contactMethods"][1]["to"] == {"phone": "+14155552671"}
    assert user["contactMethods"][3]["to"] == {"channel": "#ops", "chatId": "#ops"}
    fetched = await client.get(f"/v2/users/{user['id']}", headers=tenant.headers)
    assert fetched.json() == user

    changed = await client.put(f"/v2/users/{user['id']}", json={"name": "Ada L."}, headers=tenant.headers)
    assert changed.status_code == 200
    assert changed.json()["name"] == "Ada L." and changed.json()["contactMethods"] == user["contactMethods"]

    listed = (await client.get("/v2/users", headers=tenant.headers)).json()
    assert [u["id"] for u in listed["data"]] == [user["id"]] and listed["total"] == 1


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"email": "a@example.com"}, "name"),
        ({"name": "Ada"}, "email"),
        ({"name": "Ada", "email": "not-an-email"}, "email"),
        ({"name": "  ", "email": "a@example.com"}, "name"),
        ({"name": "Ada", "email": "a@example.com", "contactMethods": [{"type": "pigeon"}]}, "contactMethods[0].type"),
        (
            {"name": "Ada", "email": "a@example.com", "contactMethods": [{"type": "sms", "to": "12"}]},
            "contactMethods[0].to",
        ),
        (
            {"name": "Ada", "email": "a@example.com", "contactMethods": [{"type": "push", "to": "x"}]},
            "contactMethods[0].to",
        ),
        ({"name": "Ada", "email": "a@example.com", "contactMethods": [{"type": "chat"}]}, "contactMethods[0].to"),
        (
            {"name": "Ada", "email": "a@example.com", "contactMethods": [{"type": "email", "to": "a@x.io", "x": 1}]},
            "contactMethods[0].x",
        ),
        ({"name": "Ada", "email": "a@example.com", "contactMethods": "email"}, "contactMethods"),
        ({"name": "Ada", "email": "a@example.com", "role": "admin"}, "role"),
        ({"name": 5, "email": "a@example.com"}, "name"),
    ],
)
async def test_bad_user_input_names_the_field(client, tenant: Tenant, body: dict[str, Any], path: str) -> None:
    response = await client.post("/v2/users", json=body, headers=tenant.headers)
    assert_problem(response, 422, path)
    assert (await client.get("/v2/users", headers=tenant.headers)).json()["total"] == 0


async def test_team_layers_and_members_are_checked(client, tenant: Tenant) -> None:
    ada = await make_user(client, tenant)
    bob = await make_user(client, tenant, name="Bob", email="bob@example.com")
    team = await make_team(client, tenant, ada["id"], bob["id"])
    assert team["id"].startswith("team_")
    assert team["layers"] == [
        {"userIds": [ada["id"]], "delayMinutes": 5, "repeat": 0},
        {"userIds": [bob["id"]], "delayMinutes": 5, "repeat": 0},
    ]

    outsider = {"name": "T", "memberIds": [ada["id"]], "layers": [{"userIds": [bob["id"]]}]}
    assert_problem(await client.post("/v2/teams", json=outsider, headers=tenant.headers), 422, "layers[0].userIds[0]")
    unknown = {"name": "T", "memberIds": [UNKNOWN_USER]}
    assert_problem(await client.post("/v2/teams", json=unknown, headers=tenant.headers), 422, "memberIds[0]")
    for layer, path in [
        ({"userIds": [ada["id"]], "delayMinutes": 0}, "layers[0].delayMinutes"),
        ({"userIds": [ada["id"]], "delayMinutes": True}, "layers[0].delayMinutes"),
        ({"userIds": [ada["id"]], "repeat": 10}, "layers[0].repeat"),
        ({"userIds": []}, "layers[0].userIds"),
        ({"userIds": ["nope"]}, "layers[0].userIds[0]"),
        ({"userIds": [ada["id"]], "wait": 1}, "layers[0].wait"),
    ]:
        body = {"name": "T", "memberIds": [ada["id"]], "layers": [layer]}
        assert_problem(await client.post("/v2/teams", json=body, headers=tenant.headers), 422, path)

    dropped = await client.put(f"/v2/teams/{team['id']}", json={"memberIds": [ada["id"]]}, headers=tenant.headers)
    assert_problem(dropped, 422, "layers[1].userIds[0]")
    assert (await client.get(f"/v2/teams/{team['id']}", headers=tenant.headers)).json() == team


async def test_router_rules_are_checked(client, tenant: Tenant) -> None:
    ada = await make_user(client, tenant)
    team = await make_team(client, tenant, ada["id"])
    rules = [
        {
            "name": "Business hours",
            "conditions": [{"children": [{"field": "urgency", "operator": "IN", "value": ["high", "critical"]}]}],
            "schedule": {
                "timeZone": "Europe/Berlin",
                "windows": [{"days": ["mon", "fri"], "start": "09:00", "end": "17:00"}],
            },
            "actions": [{"type": "set_urgency", "urgency": "critical"}, {"type": "route", "teamId": team["id"]}],
        },
        {"actions": [{"type": "route", "accountUserId": ada["id"]}]},
    ]
    router = await post(client, tenant, "/v2/routers", {"name": "Main", "rules": rules})
    assert router["id"].startswith("rtr_") and router["enabled"] is True
    assert router["rules"][0]["schedule"]["timeZone"] == "Europe/Berlin"
    assert router["rules"][1]["schedule"] is None

    for rule, path in [
        ({"actions": []}, "rules[0].actions"),
        ({"actions": [{"type": "teleport"}]}, "rules[0].actions[0].type"),
        ({"actions": [{"type": "route"}]}, "rules[0].actions[0].teamId"),
        ({"actions": [{"type": "route", "teamId": "team_01J00000000000000000000000"}]}, "rules[0].actions[0].teamId"),
        ({"actions": [{"type": "route", "accountUserId": UNKNOWN_USER}]}, "rules[0].actions[0].accountUserId"),
        ({"actions": [{"type": "set_urgency", "urgency": "meh"}]}, "rules[0].actions[0].urgency"),
        (
            {"actions": [{"type": "forward", "integrationId": "int_01J00000000000000000000000"}]},
            "rules[0].actions[0].integrationId",
        ),
        (
            {"actions": [{"type": "drop"}], "conditions": [{"children": [{"field": "x", "operator": "NEAR"}]}]},
            "rules[0].conditions[0].children[0].operator",
        ),
        (
            {"actions": [{"type": "drop"}], "schedule": {"timeZone": "Mars/Base", "windows": [{}]}},
            "rules[0].schedule.timeZone",
        ),
        (
            {"actions": [{"type": "drop"}], "schedule": {"windows": [{"start": "25:00"}]}},
            "rules[0].schedule.windows[0].start",
        ),
        (
            {"actions": [{"type": "drop"}], "schedule": {"windows": [{"days": ["someday"]}]}},
            "rules[0].schedule.windows[0].days",
        ),
        ({"actions": [{"type": "drop"}], "schedule": {"windows": []}}, "rules[0].schedule.windows"),
        ({"actions": [{"type": "drop"}], "priority": 1}, "rules[0].priority"),
    ]:
        response = await client.post("/v2/routers", json={"name": "Bad", "rules": [rule]}, headers=tenant.headers)
        assert_problem(response, 422, path)
    assert (await client.get("/v2/routers", headers=tenant.headers)).json()["total"] == 1


async def test_forward_needs_an_outbound_webhook_or_chat_integration(client, tenant: Tenant) -> None:
    from tests.api.helpers import create

    hook = await create(client, tenant, "webhook")
    mail = await create(client, tenant, "sendgrid")
    forward = {"name": "F", "rules": [{"actions": [{"type": "forward", "integrationId": hook["id"]}]}]}
    await post(client, tenant, "/v2/routers", forward)
    forward["rules"][0]["actions"][0]["integrationId"] = mail["id"]
    assert_problem(
        await client.post("/v2/routers", json=forward, headers=tenant.headers), 422, "rules[0].actions[0].integrationId"
    )


async def test_keys_scopes_and_environments(client, tenant: Tenant) -> None:
    ada = await make_user(client, tenant)
    team = await make_team(client, tenant, ada["id"])
    router = await post(client, tenant, "/v2/routers", {"name": "R", "rules": []})
    items = [f"/v2/users/{ada['id']}", f"/v2/teams/{team['id']}", f"/v2/routers/{router['id']}"]

    for collection in ("/v2/users", "/v2/teams", "/v2/routers"):
        assert_problem(await client.get(collection), 401)
        assert_problem(await client.post(collection, json={"name": "x"}, headers=tenant.key(tenant.read_only)), 403)
        assert_problem(await client.get(collection, headers=tenant.key(tenant.write_only)), 403)
        other = await client.get(collection, headers=tenant.key(tenant.other_rw))
        assert other.status_code == 200 and other.json()["data"] == []
    for item in items:
        assert_problem(await client.get(item), 401)
        assert_problem(await client.put(item, json={"name": "x"}, headers=tenant.key(tenant.read_only)), 403)
        assert_problem(await client.delete(item, headers=tenant.key(tenant.read_only)), 403)
        assert_problem(await client.get(item, headers=tenant.key(tenant.other_rw)), 404)
        assert_problem(await client.put(item, json={"name": "x"}, headers=tenant.key(tenant.other_rw)), 404)
        assert_problem(await client.delete(item, headers=tenant.key(tenant.other_rw)), 404)
        assert (await client.get(item, headers=tenant.headers)).json()["name"] != "x"

    # Another environment's user cannot be made a member, nor routed to.
    theirs = await client.post(
        "/v2/users", json={"name": "Eve", "email": "eve@example.com"}, headers=tenant.key(tenant.other_rw)
    )
    eve = theirs.json()["id"]
    body = {"name": "T", "memberIds": [eve]}
    assert_problem(await client.post("/v2/teams", json=body, headers=tenant.headers), 422, "memberIds[0]")
    route = {"name": "R", "rules": [{"actions": [{"type": "route", "accountUserId": eve}]}]}
    assert_problem(
        await client.post("/v2/routers", json=route, headers=tenant.headers), 422, "rules[0].actions[0].accountUserId"
    )


async def test_delete_refuses_records_still_named(client, tenant: Tenant) -> None:
    ada = await make_user(client, tenant)
    team = await make_team(client, tenant, ada["id"])
    router = await post(
        client, tenant, "/v2/routers", {"name": "R", "rules": [{"actions": [{"type": "route", "teamId": team["id"]}]}]}
    )

    assert_problem(await client.delete(f"/v2/users/{ada['id']}", headers=tenant.headers), 409)
    assert_problem(await client.delete(f"/v2/teams/{team['id']}", headers=tenant.headers), 409)

    assert (await client.delete(f"/v2/routers/{router['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/teams/{team['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/users/{ada['id']}", headers=tenant.headers)).status_code == 204
    assert_problem(await client.get(f"/v2/users/{ada['id']}", headers=tenant.headers), 404)
    assert_problem(await client.get("/v2/users/not-an-id", headers=tenant.headers), 404)


async def test_malformed_bodies_are_refused(client, tenant: Tenant) -> None:
    for collection in ("/v2/users", "/v2/teams", "/v2/routers"):
        bad_json = await client.post(
            collection, content=b"{", headers={**tenant.headers, "Content-Type": "application/json"}
        )
        assert bad_json.status_code in (400, 422) and bad_json.status_code != 500
        assert_problem(await client.post(collection, json=["x"], headers=tenant.headers), 422)
        assert_problem(await client.post(collection, json={"name": None}, headers=tenant.headers), 422, "name")
