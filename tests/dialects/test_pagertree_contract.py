"""The PagerTree face answers as its OpenAPI document says: every body matches its declared model, paging
parameters are checked as declared, and what the declared body refuses is refused."""

from __future__ import annotations

import httpx
from pydantic import BaseModel

from interlink.dialects.pagertree import schemas
from tests.conftest import Tenant
from tests.dialects.test_pagertree import BASE, EXAMPLE, assert_error, bearer, make_team


def conforms(response: httpx.Response, status: int, model: type[BaseModel]) -> dict:
    """The body validates strictly against the model ``/openapi.json`` documents for it."""
    assert response.status_code == status, response.text
    model.model_validate_json(response.content, strict=True)
    return dict(response.json())


async def test_every_success_body_matches_its_declared_model(client, tenant: Tenant) -> None:
    h = bearer(tenant.rw)
    team = await make_team(client, tenant.rw)
    created = conforms(
        await client.post(f"{BASE}/integrations", json={**EXAMPLE, "team_ids": [team["id"]]}, headers=h),
        201,
        schemas.PagerTreeIntegration,
    )
    one = f"{BASE}/integrations/{created['id']}"
    conforms(await client.get(one, headers=h), 200, schemas.PagerTreeIntegration)
    conforms(await client.put(one, json={"urgency": "low"}, headers=h), 200, schemas.PagerTreeIntegration)
    conforms(await client.get(f"{BASE}/integrations", headers=h), 200, schemas.PagerTreeIntegrationList)
    types = conforms(
        await client.get(f"{BASE}/integration_types", params={"limit": 100}, headers=h),
        200,
        schemas.PagerTreeIntegrationTypeList,
    )
    conforms(
        await client.get(f"{BASE}/integration_types/{types['data'][0]['id']}", headers=h),
        200,
        schemas.PagerTreeIntegrationType,
    )
    for path, listing, model in (
        ("teams", schemas.PagerTreeTeamList, schemas.PagerTreeTeam),
        ("account_users", schemas.PagerTreeAccountUserList, schemas.PagerTreeAccountUser),
        ("routers", schemas.PagerTreeRouterList, schemas.PagerTreeRouter),
    ):
        if path == "routers":
            conforms(await client.post(f"{BASE}/routers", json={"name": "R"}, headers=h), 201, model)
        found = conforms(await client.get(f"{BASE}/{path}", headers=h), 200, listing)
        conforms(await client.get(f"{BASE}/{path}/{found['data'][0]['id']}", headers=h), 200, model)
    conforms(await client.delete(one, headers=h), 200, schemas.PagerTreeIntegration)
    conforms(await client.get(f"{BASE}/nothing", headers=h), 404, schemas.PagerTreeError)


async def test_paging_parameters_are_declared_and_bounded(client, tenant: Tenant) -> None:
    h = bearer(tenant.rw)
    for path in ("integrations", "integration_types", "teams", "account_users", "routers"):
        assert (await client.get(f"{BASE}/{path}", params={"limit": 1, "page": 3}, headers=h)).status_code == 200
        for bad in ({"offset": str(10**19)}, {"page": str(10**19)}, {"limit": "1.5"}):
            assert_error(await client.get(f"{BASE}/{path}", params=bad, headers=h), 422, next(iter(bad)))
        refused = await client.get(f"{BASE}/{path}", params={"per_page": "5"}, headers=h)
        assert_error(refused, 400, "per_page is not a query parameter of this operation")


async def test_team_members_must_be_a_list(client, tenant: Tenant) -> None:
    h = bearer(tenant.rw)
    user = (
        await client.post(f"{BASE}/account_users", json={"name": "Ada", "email": "a@example.com"}, headers=h)
    ).json()
    refused = await client.post(f"{BASE}/teams", json={"name": "T", "member_account_user_ids": user["id"]}, headers=h)
    assert_error(refused, 422, "member_account_user_ids must be a list")
    assert (await client.get(f"{BASE}/teams", headers=h)).json()["total_count"] == 0
