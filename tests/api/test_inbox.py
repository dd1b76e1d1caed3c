"""The in-app feed over the native API: what a subscriber's app lists, counts and marks, and who may do it."""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from tests.api.helpers import TIMESTAMP
from tests.conftest import Tenant
from tests.receivers import send, wait_status


async def create_inbox(client: httpx.AsyncClient, tenant: Tenant, name: str = "Inbox") -> dict[str, Any]:
    """An in-app integration (it needs no credentials)."""
    created = await client.post("/v2/integrations", headers=tenant.headers, json={"name": name, "type": "in_app"})
    assert created.status_code == 201, created.text
    return created.json()


async def deliver(client: httpx.AsyncClient, tenant: Tenant, to: str = "sub-1", **fields: Any) -> dict[str, Any]:
    """Send an in-app message and wait until the worker delivered it; returns the message."""
    body = {"channel": "in_app", "to": to, "subject": "Hello", "text": "Your report is ready", **fields}
    sent = await send(client, tenant.headers, **body)
    return await wait_status(client, tenant.headers, sent["id"], "delivered")


async def feed(client: httpx.AsyncClient, headers: dict[str, str], subscriber: str = "sub-1", **params: Any) -> Any:
    got = await client.get(f"/v2/inbox/{subscriber}", headers=headers, params=params)
    assert got.status_code == 200, got.text
    return got.json()


async def mark(
    client: httpx.AsyncClient, headers: dict[str, str], item_id: str, change: str, sub: str = "sub-1"
) -> Any:
    return await client.post(f"/v2/inbox/{sub}/items/{item_id}/{change}", headers=headers)


async def test_a_delivered_message_is_in_the_feed_unread(client, tenant: Tenant, worker) -> None:
    integration = await create_inbox(client, tenant)
    message = await deliver(client, tenant, html="<p>Ready</p>", payload={"reportId": 7})
    got = await feed(client, tenant.headers)
    assert got["unreadCount"] == 1
    assert got["totalCount"] == 1
    assert got["nextCursor"] is None
    [item] = got["data"]
    assert item["id"].startswith("inb_")
    assert item["subscriberId"] == "sub-1"
    assert item["messageId"] == message["id"]
    assert item["integrationId"] == integration["id"]
    assert (item["subject"], item["text"], item["html"]) == ("Hello", "Your report is ready", "<p>Ready</p>")
    assert item["data"] == {"reportId": 7}
    assert (item["read"], item["readAt"], item["archived"], item["archivedAt"]) == (False, None, False, None)
    assert TIMESTAMP.match(item["createdAt"])
    one = await client.get(f"/v2/inbox/sub-1/items/{item['id']}", headers=tenant.headers)
    assert one.status_code == 200
    assert one.json() == item


async def test_mark_read_unread_archive_and_unarchive(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant)
    [item] = (await feed(client, tenant.headers))["data"]

    read = await mark(client, tenant.headers, item["id"], "read")
    assert read.status_code == 200, read.text
    assert read.json()["read"] is True and TIMESTAMP.match(read.json()["readAt"])
    again = await mark(client, tenant.headers, item["id"], "read")
    assert again.json()["readAt"] == read.json()["readAt"], "marking twice keeps the first read time"
    got = await feed(client, tenant.headers)
    assert got["unreadCount"] == 0 and [i["read"] for i in got["data"]] == [True]
    assert got["data"][0]["readAt"] == read.json()["readAt"], "the page shows the time as the item does"
    assert (await feed(client, tenant.headers, read="false"))["data"] == []
    assert [i["id"] for i in (await feed(client, tenant.headers, read="true"))["data"]] == [item["id"]]

    unread = await mark(client, tenant.headers, item["id"], "unread")
    assert unread.status_code == 200 and unread.json()["read"] is False and unread.json()["readAt"] is None
    assert (await feed(client, tenant.headers))["unreadCount"] == 1

    archived = await mark(client, tenant.headers, item["id"], "archive")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    hidden = await feed(client, tenant.headers)
    assert hidden == {"data": [], "unreadCount": 0, "totalCount": 0, "nextCursor": None}
    shelf = await feed(client, tenant.headers, archived="true")
    assert [i["id"] for i in shelf["data"]] == [item["id"]] and shelf["totalCount"] == 1

    back = await mark(client, tenant.headers, item["id"], "unarchive")
    assert back.status_code == 200 and back.json()["archived"] is False
    assert (await feed(client, tenant.headers))["unreadCount"] == 1


async def test_read_all_marks_only_the_live_unread_items(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    for n in range(4):
        await deliver(client, tenant, text=f"note {n}")
    items = (await feed(client, tenant.headers))["data"]
    await mark(client, tenant.headers, items[0]["id"], "read")
    await mark(client, tenant.headers, items[1]["id"], "archive")
    assert (await feed(client, tenant.headers))["unreadCount"] == 2

    done = await client.post("/v2/inbox/sub-1/read-all", headers=tenant.headers)
    assert done.status_code == 200, done.text
    assert done.json() == {"updated": 2}
    got = await feed(client, tenant.headers)
    assert got["unreadCount"] == 0 and all(i["read"] for i in got["data"])
    [shelved] = (await feed(client, tenant.headers, archived="true"))["data"]
    assert shelved["read"] is False, "archived items are left as they were"
    assert (await client.post("/v2/inbox/sub-1/read-all", headers=tenant.headers)).json() == {"updated": 0}


async def test_pages_run_newest_first_and_end_without_a_cursor(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    sent = {(await deliver(client, tenant, text=f"note {n}"))["id"] for n in range(5)}
    pages, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        got = await feed(client, tenant.headers, **params)
        assert got["totalCount"] == 5 and got["unreadCount"] == 5
        pages.append([i["id"] for i in got["data"]])
        cursor = got["nextCursor"]
        if cursor is None:
            break
        assert cursor == got["data"][-1]["id"]
    assert [len(p) for p in pages] == [2, 2, 1]
    ids = [i for p in pages for i in p]
    assert ids == sorted(ids, reverse=True)
    whole = (await feed(client, tenant.headers, limit=5))["data"]
    assert [i["id"] for i in whole] == ids
    assert {i["messageId"] for i in whole} == sent
    assert (await feed(client, tenant.headers, limit=5))["nextCursor"] is None


async def test_each_subscriber_sees_only_their_own_feed(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant, to="sub-1")
    await deliver(client, tenant, to={"subscriberId": "sub-2"}, text="for two")
    [mine] = (await feed(client, tenant.headers, "sub-1"))["data"]
    [theirs] = (await feed(client, tenant.headers, "sub-2"))["data"]
    assert theirs["text"] == "for two" and mine["id"] != theirs["id"]
    assert await feed(client, tenant.headers, "sub-3") == {
        "data": [],
        "unreadCount": 0,
        "totalCount": 0,
        "nextCursor": None,
    }
    # An item is addressed through its own subscriber only.
    assert (await client.get(f"/v2/inbox/sub-2/items/{mine['id']}", headers=tenant.headers)).status_code == 404
    assert (await mark(client, tenant.headers, mine["id"], "read", sub="sub-2")).status_code == 404
    assert (await feed(client, tenant.headers, "sub-1"))["unreadCount"] == 1


async def test_another_environment_sees_nothing_and_changes_nothing(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant)
    [item] = (await feed(client, tenant.headers))["data"]
    other = tenant.key(tenant.other_rw)
    assert await feed(client, other) == {"data": [], "unreadCount": 0, "totalCount": 0, "nextCursor": None}
    got = await client.get(f"/v2/inbox/sub-1/items/{item['id']}", headers=other)
    assert got.status_code == 404
    assert got.headers["content-type"] == "application/problem+json"
    assert item["id"] in got.json()["detail"]
    for change in ("read", "unread", "archive", "unarchive"):
        assert (await mark(client, other, item["id"], change)).status_code == 404
    assert (await client.post("/v2/inbox/sub-1/read-all", headers=other)).json() == {"updated": 0}
    after = (await feed(client, tenant.headers))["data"]
    assert after == [item], "nothing the other environment did changed the item"


async def test_scopes_and_missing_keys(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant)
    [item] = (await feed(client, tenant.headers))["data"]
    reader, writer = tenant.key(tenant.read_only), tenant.key(tenant.write_only)

    assert [i["id"] for i in (await feed(client, reader))["data"]] == [item["id"]]
    assert (await client.get(f"/v2/inbox/sub-1/items/{item['id']}", headers=reader)).status_code == 200
    refused = await mark(client, reader, item["id"], "read")
    assert refused.status_code == 403
    assert "write" in refused.json()["detail"]
    assert (await client.post("/v2/inbox/sub-1/read-all", headers=reader)).status_code == 403
    assert (await client.get("/v2/inbox/sub-1", headers=writer)).status_code == 403
    assert (await client.get("/v2/inbox/sub-1/stream", headers=writer)).status_code == 403
    assert (await mark(client, writer, item["id"], "read")).status_code == 200

    for method, path in (
        ("GET", "/v2/inbox/sub-1"),
        ("GET", f"/v2/inbox/sub-1/items/{item['id']}"),
        ("POST", f"/v2/inbox/sub-1/items/{item['id']}/unread"),
        ("POST", "/v2/inbox/sub-1/read-all"),
        ("GET", "/v2/inbox/sub-1/stream"),
    ):
        anonymous = await client.request(method, path)
        assert anonymous.status_code == 401, path
        wrong = await client.request(method, path, headers={"X-Api-Key": "il_not-a-key"})
        assert wrong.status_code == 401, path
    assert (await feed(client, tenant.headers))["data"][0]["read"] is True, "only the write key's mark took effect"


async def test_bad_input_is_a_4xx_naming_the_field(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant)
    before = await feed(client, tenant.headers)

    async def problem(method: str, path: str, status: int, **kwargs: Any) -> list[str]:
        got = await client.request(method, path, headers={**tenant.headers, **kwargs.pop("headers", {})}, **kwargs)
        assert got.status_code == status, (path, got.text)
        assert got.headers["content-type"] == "application/problem+json"
        return [e["path"] for e in got.json().get("errors", [])]

    assert await problem("GET", "/v2/inbox/sub-1", 422, params={"limit": 0}) == ["limit"]
    assert await problem("GET", "/v2/inbox/sub-1", 422, params={"limit": 201}) == ["limit"]
    assert await problem("GET", "/v2/inbox/sub-1", 422, params={"read": "maybe"}) == ["read"]
    assert await problem("GET", "/v2/inbox/sub-1", 422, params={"archived": "sometimes"}) == ["archived"]
    assert await problem("GET", "/v2/inbox/sub-1", 422, params={"cursor": "msg_nope"}) == ["cursor"]
    assert await problem("GET", "/v2/inbox/" + "s" * 201, 422) == ["subscriberId"]
    assert await problem("POST", "/v2/inbox/" + "s" * 201 + "/read-all", 422) == ["subscriberId"]
    assert await problem("GET", "/v2/inbox/sub-1/items/not-an-id", 404) == []
    assert await problem("POST", "/v2/inbox/sub-1/items/not-an-id/read", 404) == []
    assert await problem("POST", "/v2/inbox/sub-1/items/inb_01ARZ3NDEKTSV4RRFFQ69G5FAV/read", 404) == []
    assert await problem("GET", "/v2/inbox/sub-1/stream", 422, headers={"Last-Event-ID": "garbage"}) == [
        "Last-Event-ID"
    ]
    assert await feed(client, tenant.headers) == before


async def test_a_feed_page_shows_each_item_byte_for_byte_as_the_item_read_does(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    payloads = [
        {"reportId": 7, "url": "https://app.example.com/r/7"},
        {
            "name": "Zoë ✓",
            "ratio": 0.1,
            "tiny": 1.5e-7,
            "negative": -42,
            "nested": {"list": [1, None, True, "x"], "empty": {}},
        },
        {},
    ]
    for payload in payloads:
        await deliver(client, tenant, html="<p>Ready</p>", payload=payload)
    await deliver(client, tenant, subject=None, text="plain")
    items = (await feed(client, tenant.headers))["data"]
    await mark(client, tenant.headers, items[1]["id"], "read")
    await mark(client, tenant.headers, items[2]["id"], "archive")
    routed = {"Authorization": f"Bearer {tenant.read_only}"}
    for query in ("", "?archived=true", "?limit=2"):
        for headers in (tenant.key(tenant.read_only), routed):
            page = await client.get(f"/v2/inbox/sub-1{query}", headers=headers)
            assert page.status_code == 200, page.text
            body = page.json()
            shown = []
            for item in body["data"]:
                one = await client.get(f"/v2/inbox/sub-1/items/{item['id']}", headers=tenant.headers)
                shown.append(orjson.loads(one.content))
            rest = {k: body[k] for k in ("unreadCount", "totalCount", "nextCursor")}
            assert page.content == orjson.dumps({"data": shown, **rest}), query
    assert {i["read"] for i in (await feed(client, tenant.headers))["data"]} == {True, False}
    assert (await feed(client, tenant.headers, archived="true"))["data"][0]["archivedAt"] is not None
