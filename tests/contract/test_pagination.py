"""One pagination contract for every list: ``limit``, ``cursor`` = the previous ``nextCursor``, null on the last page;
and a query parameter a route does not declare is refused, never silently ignored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import assert_problem, create
from tests.conftest import Tenant


async def walk(client, tenant: Tenant, url: str, limit: int, **params: Any) -> list[list[str]]:
    """Every page of a list, following nextCursor; fails instead of looping."""
    pages: list[list[str]] = []
    cursor = None
    for _ in range(20):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        got = await client.get(url, params=query, headers=tenant.headers)
        assert got.status_code == 200, got.text
        body = got.json()
        pages.append([row["id"] for row in body["data"]])
        cursor = body["nextCursor"]
        if cursor is None:
            return pages
    raise AssertionError(f"{url} never reached its last page: {pages}")


async def _places(client, tenant: Tenant, count: int) -> list[str]:
    made = []
    for n in range(count):
        got = await client.post("/v2/places", json={"name": f"P{n}"}, headers=tenant.headers)
        assert got.status_code == 201, got.text
        made.append(got.json()["id"])
    return made


async def test_a_full_last_page_has_no_cursor_and_every_row_is_seen_once(client, tenant: Tenant) -> None:
    places = await _places(client, tenant, 4)
    for place in places[:2]:
        thing = {"name": "meter", "kind": "meter", "placeId": place}
        assert (await client.post("/v2/things", json=thing, headers=tenant.headers)).status_code == 201
    integrations = [(await create(client, tenant, name=f"hook {n}"))["id"] for n in range(4)]
    for n in range(4):
        sent = await client.post(
            "/v2/messages", json={"channel": "webhook", "payload": {"n": n}}, headers=tenant.headers
        )
        assert sent.status_code == 202, sent.text

    assert await walk(client, tenant, "/v2/places", 2) == [places[:2], places[2:]]
    assert [len(p) for p in await walk(client, tenant, "/v2/things", 1)] == [1, 1]
    assert await walk(client, tenant, "/v2/integrations", 2) == [integrations[:2], integrations[2:]]
    assert [len(p) for p in await walk(client, tenant, "/v2/messages", 2)] == [2, 2]
    events = await walk(client, tenant, "/v2/audit-events", 5)
    assert all(events) and len({i for page in events for i in page}) == sum(len(p) for p in events)


async def test_an_exhausted_page_is_empty_without_a_cursor(client, tenant: Tenant) -> None:
    [place] = await _places(client, tenant, 1)
    got = await client.get("/v2/places", params={"cursor": place}, headers=tenant.headers)
    assert got.json() == {"data": [], "nextCursor": None}


@pytest.mark.parametrize(
    ("url", "params", "names"),
    [
        ("/v2/integrations", {"after": "int_x"}, ["after"]),
        ("/v2/messages", {"before": "msg_x", "page": "2"}, ["before", "page"]),
        ("/v2/places", {"offset": "10"}, ["offset"]),
        ("/v2/audit-events", {"before": "aud_x"}, ["before"]),
        ("/v2/integrations/mapping", {"verbose": "1"}, ["verbose"]),
    ],
)
async def test_unknown_query_parameters_are_refused_naming_them(client, tenant: Tenant, url, params, names) -> None:
    body = assert_problem(await client.get(url, params=params, headers=tenant.headers), 400, *names)
    assert sorted(e["path"] for e in body["errors"]) == names


async def test_unknown_query_parameters_are_refused_on_every_face(client, tenant: Tenant) -> None:
    novu = await client.get("/v1/integrations", params={"page": "2"}, headers={"Authorization": f"ApiKey {tenant.rw}"})
    assert novu.status_code == 400 and novu.json()["message"] == ["page is not a query parameter of this operation"]
    campaign = await client.get("/en/api/integration", params={"skip": "1"}, headers=tenant.headers)
    assert campaign.status_code == 400
    assert campaign.json()["result"]["errors"] == [
        {"field": "skip", "message": "is not a query parameter of this operation"}
    ]
    pagertree = await client.get(
        "/api/v4/teams", params={"cursor": "x", "limit": "2"}, headers={"Authorization": f"Bearer {tenant.rw}"}
    )
    assert pagertree.status_code == 400
    assert pagertree.json() == {
        "errors": [{"message": "cursor is not a query parameter of this operation"}],
        "code": 400,
    }
    record = await create(client, tenant)
    one = await client.get(f"/v2/integrations/{record['id']}", params={"expand": "x"}, headers=tenant.headers)
    assert_problem(one, 400, "expand")


async def test_bad_paging_values_name_the_parameter(client, tenant: Tenant) -> None:
    for params, name in (({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"cursor": "x" * 65}, "cursor")):
        assert_problem(await client.get("/v2/places", params=params, headers=tenant.headers), 422, name)


async def test_a_route_may_accept_any_query_parameter() -> None:
    """Inbound hooks take whatever a third party appends to their URL: such a route opts out, and only it."""
    import httpx
    from fastapi import Depends, FastAPI

    from interlink.http_kit.contract import accept_any_query, refuse_unknown_query

    app = FastAPI(dependencies=[Depends(refuse_unknown_query)])

    @app.get("/open", dependencies=[Depends(accept_any_query)])
    async def open_() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/closed")
    async def closed() -> dict[str, bool]:
        return {"ok": True}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        assert (await http.get("/open", params={"anything": "1"})).status_code == 200
        assert (await http.get("/closed")).status_code == 200
