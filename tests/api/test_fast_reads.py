"""The plain reads answered before routing give byte for byte what the routes give, and hand every other case on."""

from __future__ import annotations

from tests.api.helpers import URL, create
from tests.api.test_inbox import create_inbox, deliver
from tests.conftest import Tenant


async def test_a_plain_get_and_page_answer_exactly_as_the_routes_do(client, tenant: Tenant) -> None:
    made = [await create(client, tenant, name=f"Hook {n}") for n in range(3)]
    routed = {"Authorization": f"Bearer {tenant.rw}"}  # only X-Api-Key takes the short path
    for path in (f"{URL}/{made[1]['id']}", URL, f"{URL}?limit=2", f"{URL}?limit=1&cursor={made[0]['id']}"):
        fast = await client.get(path, headers=tenant.headers)
        slow = await client.get(path, headers=routed)
        assert fast.status_code == slow.status_code == 200, (path, fast.text, slow.text)
        assert fast.content == slow.content, path
        assert fast.headers["content-type"] == slow.headers["content-type"]


async def test_refusals_come_from_the_routes(client, tenant: Tenant) -> None:
    made = await create(client, tenant)
    cases = [
        (f"{URL}/{made['id']}", {"X-Api-Key": "il_unknown"}, 401),
        (f"{URL}/{made['id']}", {"X-Api-Key": tenant.other_rw}, 404),
        (f"{URL}/int_01J00000000000000000000000", tenant.headers, 404),
        (f"{URL}/{made['id']}?extra=1", tenant.headers, 400),
        (f"{URL}?limit=0", tenant.headers, 422),
        (f"{URL}?limit=1&limit=2", tenant.headers, 200),
        (f"{URL}?bogus=1", tenant.headers, 400),
    ]
    for path, headers, status in cases:
        response = await client.get(path, headers=headers)
        assert response.status_code == status, (path, response.text)
        if status >= 400:
            assert response.headers["content-type"].startswith("application/problem+json"), path


async def test_the_total_counts_every_match_on_each_page_and_past_the_last(client, tenant: Tenant) -> None:
    made = [await create(client, tenant, name=f"Counted {n}") for n in range(3)]
    for query, ids in (
        ("limit=2", [m["id"] for m in made[:2]]),
        (f"limit=2&cursor={made[1]['id']}", [made[2]["id"]]),
        (f"limit=2&cursor={made[2]['id']}", []),
        ("limit=2&search=counted+1", [made[1]["id"]]),
        (f"limit=2&search=counted&cursor={made[2]['id']}", []),
    ):
        got = await client.get(f"{URL}?{query}", headers=tenant.headers)
        assert got.status_code == 200, (query, got.text)
        body = got.json()
        assert [i["id"] for i in body["data"]] == ids, query
        assert body["total"] == (1 if "counted+1" in query else 3), query


async def test_a_plain_feed_page_answers_exactly_as_the_route_does(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    for n in range(3):
        await deliver(client, tenant, text=f"note {n}")
    [newest, middle, _] = (await client.get("/v2/inbox/sub-1", headers=tenant.headers)).json()["data"]
    await client.post(f"/v2/inbox/sub-1/items/{middle['id']}/read", headers=tenant.headers)
    reader = tenant.key(tenant.read_only)
    routed = {"Authorization": f"Bearer {tenant.read_only}"}
    for path in (
        "/v2/inbox/sub-1",
        "/v2/inbox/sub-1?limit=2",
        f"/v2/inbox/sub-1?limit=1&cursor={newest['id']}",
        f"/v2/inbox/sub-1?cursor={newest['id']}&limit=5",
        "/v2/inbox/nobody",
        "/v2/inbox/sub%201",
    ):
        fast = await client.get(path, headers=reader)
        slow = await client.get(path, headers=routed)
        assert fast.status_code == slow.status_code == 200, (path, fast.text, slow.text)
        assert fast.content == slow.content, path
        assert fast.headers["content-type"] == slow.headers["content-type"]
    body = (await client.get("/v2/inbox/sub-1?limit=2", headers=reader)).json()
    assert (body["unreadCount"], body["totalCount"], body["nextCursor"]) == (2, 3, middle["id"])


async def test_feed_refusals_come_from_the_route(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant)
    cases = [
        ("/v2/inbox/sub-1", {"X-Api-Key": "il_unknown"}, 401),
        ("/v2/inbox/sub-1", tenant.key(tenant.write_only), 403),
        ("/v2/inbox/sub-1?limit=0", tenant.headers, 422),
        ("/v2/inbox/sub-1?cursor=msg_nope", tenant.headers, 422),
        ("/v2/inbox/" + "s" * 201, tenant.headers, 422),
        ("/v2/inbox/sub-1?bogus=1", tenant.headers, 400),
    ]
    for path, headers, status in cases:
        response = await client.get(path, headers=headers)
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json"), path
    shelf = await client.get("/v2/inbox/sub-1?archived=true&read=false", headers=tenant.headers)
    assert shelf.status_code == 200 and shelf.json()["totalCount"] == 0
