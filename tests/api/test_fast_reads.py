"""The plain reads answered before routing give byte for byte what the routes give, and hand every other case on."""

from __future__ import annotations

from tests.api.helpers import URL, create
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
