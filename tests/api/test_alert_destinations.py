"""Inbound alert integrations carry a default urgency and destinations from their own environment."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import URL, assert_problem, create
from tests.conftest import Tenant


async def team_of(client: httpx.AsyncClient, tenant: Tenant, headers: dict[str, str] | None = None) -> str:
    headers = headers or tenant.headers
    user = await client.post("/v2/users", json={"name": "Ada", "email": "ada@example.com"}, headers=headers)
    body = {"name": "Ops", "memberIds": [user.json()["id"]], "layers": [{"userIds": [user.json()["id"]]}]}
    team = await client.post("/v2/teams", json=body, headers=headers)
    assert team.status_code == 201, team.text
    return str(team.json()["id"])


def inbound(**properties: Any) -> dict[str, Any]:
    return {"name": "Alerts in", "type": "inbound_webhook", "properties": properties}


async def test_destinations_and_urgency_are_stored(client, tenant: Tenant) -> None:
    team = await team_of(client, tenant)
    router = await client.post("/v2/routers", json={"name": "R"}, headers=tenant.headers)
    body = inbound(urgency="high", teamIds=[team, team], routerIds=[router.json()["id"]])
    created = await client.post(URL, json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    props = created.json()["properties"]
    assert (props["urgency"], props["teamIds"], props["routerIds"]) == ("high", [team], [router.json()["id"]])

    defaulted = await create(client, tenant, "inbound_webhook", properties={"teamIds": [team]})
    assert defaulted["properties"]["urgency"] == "medium"


async def test_natively_destinations_may_come_later(client, tenant: Tenant) -> None:
    """The native API lets a source be wired first; its alerts open and page nobody until it names one."""
    bare = await client.post(URL, json=inbound(), headers=tenant.headers)
    assert bare.status_code == 201, bare.text
    assert bare.json()["properties"] == {"urgency": "medium"}

    team = await team_of(client, tenant)
    given = await client.put(
        f"{URL}/{bare.json()['id']}", json={"properties": {"teamIds": [team]}}, headers=tenant.headers
    )
    assert given.status_code == 200 and given.json()["properties"]["teamIds"] == [team]
    wrong = await client.put(
        f"{URL}/{bare.json()['id']}", json={"properties": {"teamIds": [team, "team_x"]}}, headers=tenant.headers
    )
    assert_problem(wrong, 422, "properties.teamIds[1]")
    assert (await client.get(f"{URL}/{bare.json()['id']}", headers=tenant.headers)).json()["properties"]["teamIds"] == [
        team
    ]


async def test_destinations_must_exist_in_the_same_environment(client, tenant: Tenant) -> None:
    theirs = await team_of(client, tenant, tenant.key(tenant.other_rw))
    for props, path in [
        ({"teamIds": [theirs]}, "properties.teamIds[0]"),
        ({"accountUserIds": ["usr_01J00000000000000000000000"]}, "properties.accountUserIds[0]"),
        ({"routerIds": ["nope"]}, "properties.routerIds[0]"),
        ({"teamIds": "team"}, "properties.teamIds"),
        ({"teamIds": [theirs], "urgency": "urgent"}, "properties.urgency"),
    ]:
        response = await client.post(URL, json=inbound(**props), headers=tenant.headers)
        assert_problem(response, 422, path)
    assert (await client.get(URL, params={"direction": "INGRESS"}, headers=tenant.headers)).json()["total"] == 0


async def test_a_named_team_cannot_be_deleted(client, tenant: Tenant) -> None:
    team = await team_of(client, tenant)
    made = await create(client, tenant, "inbound_webhook", properties={"teamIds": [team]})
    assert_problem(await client.delete(f"/v2/teams/{team}", headers=tenant.headers), 409)
    assert (await client.delete(f"{URL}/{made['id']}", headers=tenant.headers)).status_code == 200
    assert (await client.delete(f"/v2/teams/{team}", headers=tenant.headers)).status_code == 204
