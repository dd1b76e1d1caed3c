"""Alerts, the inbound log, users, teams and routers page by the one contract: ``limit``, ``cursor``, ``nextCursor``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from interlink.services.hub import Hub
from tests.alerts.helpers import create_action, open_one
from tests.api.helpers import assert_problem, create
from tests.conftest import Tenant


async def walk(client: httpx.AsyncClient, tenant: Tenant, url: str, limit: int, **params: Any) -> list[list[str]]:
    """Every page of a list, following nextCursor; fails instead of looping."""
    pages: list[list[str]] = []
    cursor = None
    for _ in range(10):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        got = await client.get(url, params=query, headers=tenant.headers)
        assert got.status_code == 200, got.text
        pages.append([row["id"] for row in got.json()["data"]])
        cursor = got.json()["nextCursor"]
        if cursor is None:
            return pages
    raise AssertionError(f"{url} never reached its last page: {pages}")


async def test_users_teams_and_routers_page_by_cursor_and_a_full_last_page_ends(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    users = []
    for n in range(4):
        body = {"name": f"U{n}", "email": f"u{n}@example.com"}
        made = await client.post("/v2/users", json=body, headers=tenant.headers)
        assert made.status_code == 201, made.text
        users.append(made.json()["id"])
    assert await walk(client, tenant, "/v2/users", 2) == [users[:2], users[2:]]
    first = (await client.get("/v2/users", params={"limit": 3}, headers=tenant.headers)).json()
    assert first["total"] == 4 and first["nextCursor"] == users[2]
    for url in ("/v2/teams", "/v2/routers"):
        made = await client.post(url, json={"name": "One"}, headers=tenant.headers)
        assert made.status_code == 201, made.text
        assert await walk(client, tenant, url, 1) == [[made.json()["id"]]]


async def test_alerts_page_newest_first_by_cursor(hub: Hub, client: httpx.AsyncClient, tenant: Tenant) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    opened = [(await open_one(hub, tenant, integration["id"], create_action(f"Alert {n}")))[0].id for n in range(3)]
    newest = sorted(opened, reverse=True)
    pages = await walk(client, tenant, "/v2/alerts", 2, integrationId=integration["id"])
    assert pages == [newest[:2], newest[2:]]


async def test_the_inbound_log_pages_by_cursor(client: httpx.AsyncClient, tenant: Tenant) -> None:
    receiver = await create(client, tenant, "inbound_webhook")
    for n in range(3):
        sent = await client.post(receiver["inboundUrl"], json={"title": f"Event {n}"})
        assert sent.status_code < 500, sent.text
    pages = await walk(client, tenant, "/v2/inbound-events", 2, integrationId=receiver["id"])
    assert [len(page) for page in pages] == [2, 1]
    assert [i for page in pages for i in page] == sorted({i for page in pages for i in page}, reverse=True)


@pytest.mark.parametrize(
    ("url", "name"),
    [("/v2/alerts", "before"), ("/v2/inbound-events", "before"), ("/v2/users", "after"), ("/v2/teams", "after")],
)
async def test_the_old_cursor_names_are_refused(client: httpx.AsyncClient, tenant: Tenant, url: str, name: str) -> None:
    assert_problem(await client.get(url, params={name: "x"}, headers=tenant.headers), 400, name)


@pytest.mark.parametrize(
    ("url", "params", "name"),
    [
        ("/v2/alerts", {"until": "0.5"}, "until"),
        ("/v2/alerts", {"since": "2024-05-01"}, "since"),
        ("/v2/inbound-events", {"until": "0.5"}, "until"),
        ("/v2/telemetry", {"path": "places/x", "metric": "t", "from": "0.5", "to": "2030-01-01T00:00:00Z"}, "from"),
    ],
)
async def test_a_date_time_filter_takes_only_date_times(
    client: httpx.AsyncClient, tenant: Tenant, url: str, params: dict[str, str], name: str
) -> None:
    assert_problem(await client.get(url, params=params, headers=tenant.headers), 422, name)
