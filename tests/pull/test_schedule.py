"""Schedules on the queue: one run per tick however many workers claim, one catch-up run, backoff, last error."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from interlink.services import pull_schedules, pulls
from interlink.services.worker import Worker
from tests.api.helpers import assert_problem
from tests.conftest import Tenant
from tests.pull.conftest import Clock
from tests.pull.helpers import integration, mapping, place, schedule, series, thing
from tests.receivers import Received, Receiver, status


def records(*rows: dict[str, Any]) -> Any:
    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.json_response({"data": list(rows)})

    return reply


def poll_properties(url: str, **extra: Any) -> dict[str, Any]:
    return {
        "url": url,
        "itemsPath": "data",
        "externalIdPath": "id",
        "timePath": "ts",
        "valuePath": "v",
        "metric": "power",
        "unit": "kW",
        "pollInterval": 60,
        **extra,
    }


async def setup(client, tenant: Tenant, url: str, **extra: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    site = await place(client, tenant)
    meter = await thing(client, tenant, site["id"])
    source = await integration(client, tenant, "http_poll", poll_properties(url, **extra))
    await mapping(client, tenant, source["id"], "m1", meter["path"])
    return source, meter


async def test_each_tick_runs_once_with_two_workers_claiming(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    reading = {"id": "m1", "ts": int(clock.now().timestamp()), "v": 1.5}
    async with Receiver(default=records(reading)) as server:
        source, meter = await setup(pull_client, pull_tenant, server.url + "/readings")
        for tick in range(1, 4):
            ran = await asyncio.gather(
                pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now),
                pulls.run_due(pull_hub, pull_transport, "wrk_b", clock.now),
            )
            assert sorted(ran) == [0, 1]
            assert len(server.received) == tick
            clock.advance(seconds=60)
    shown = await schedule(pull_client, pull_tenant, source["id"])
    assert (shown["runs"], shown["failures"], shown["lastError"]) == (3, 0, None)
    assert shown["schedule"] == "every 60 s"
    data = await series(
        pull_client,
        pull_tenant,
        path=meter["path"],
        metric="power",
        **{"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"},
    )
    assert [(p["value"], p["unit"], p["source"]) for p in data["data"]] == [
        (1.5, "kW", source["id"])
    ]  # the same point thrice is one


async def test_two_running_workers_share_the_ticks(pull_hub, pull_client, pull_tenant, clock: Clock) -> None:
    async with Receiver(default=records({"id": "m1", "ts": 1_700_000_000, "v": 2.0})) as server:
        source, _ = await setup(pull_client, pull_tenant, server.url)
        workers = [Worker(pull_hub, concurrency=4, clock=clock.now) for _ in range(2)]
        stop = asyncio.Event()
        running = [asyncio.create_task(w.run(stop, grace=1.0)) for w in workers]
        try:
            for tick in range(1, 4):
                if tick > 1:
                    clock.advance(seconds=60)  # the next tick falls due
                pull_hub.notify_work()
                await server.wait_for(tick)
                async with asyncio.timeout(10):  # the run is over once the next tick is written
                    while (shown := await schedule(pull_client, pull_tenant, source["id"]))["runs"] < tick:
                        await asyncio.sleep(0.02)
                assert shown["status"] == "queued"
                assert datetime.fromisoformat(shown["nextRunAt"]) > clock.now()
        finally:
            stop.set()
            await asyncio.gather(*running)
    assert len(server.received) == 3


async def test_ticks_missed_while_down_run_once_covering_the_gap(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    async with Receiver(default=records()) as server:
        source, _ = await setup(pull_client, pull_tenant, server.url)
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 1
        clock.advance(hours=3)  # 180 ticks missed
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 1
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_b", clock.now) == 0
    assert len(server.received) == 2
    shown = await schedule(pull_client, pull_tenant, source["id"])
    assert datetime.fromisoformat(shown["pulledUntil"]) == clock.now()
    assert datetime.fromisoformat(shown["nextRunAt"]) == clock.now() + timedelta(seconds=60)


async def test_a_rate_limited_source_backs_off_and_shows_why(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    replies = [status(429, {"Retry-After": "120"}, '{"error": "slow down"}')]
    async with Receiver(default=records({"id": "m1", "ts": 1_700_000_000, "v": 3.0}), replies=replies) as server:
        source, _ = await setup(pull_client, pull_tenant, server.url)
        await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now)
        shown = await schedule(pull_client, pull_tenant, source["id"])
        assert "429" in shown["lastError"] and shown["failures"] == 1
        read = (await pull_client.get(f"/v2/integrations/{source['id']}", headers=pull_tenant.headers)).json()
        assert read["pull"]["lastError"] == shown["lastError"]  # shown on the integration itself too
        assert datetime.fromisoformat(shown["nextRunAt"]) == clock.now() + timedelta(seconds=120)
        clock.advance(seconds=60)
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 0  # still backing off
        clock.advance(seconds=61)
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 1
    shown = await schedule(pull_client, pull_tenant, source["id"])
    assert (shown["failures"], shown["lastError"]) == (0, None)
    assert shown["lastErrorAt"] is not None


async def test_a_malformed_answer_is_refused_whole_and_named_on_the_integration(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    good = {"id": "m1", "ts": 1_700_000_000, "v": 1.0}
    async with Receiver(default=records(good, {"id": "m1", "ts": 1_700_000_060, "v": "lots"})) as server:
        source, meter = await setup(pull_client, pull_tenant, server.url)
        await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now)
    shown = await schedule(pull_client, pull_tenant, source["id"])
    assert "record 1" in shown["lastError"] and "value of power" in shown["lastError"]
    data = await series(
        pull_client,
        pull_tenant,
        path=meter["path"],
        metric="power",
        **{"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"},
    )
    assert data["data"] == []  # the good first record was not kept either


async def test_unmapped_ids_are_listed_until_mapped(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    rows = [{"id": "m1", "ts": 1_700_000_000, "v": 1.0}, {"id": "m9", "ts": 1_700_000_000, "v": 9.0}]
    async with Receiver(default=records(*rows)) as server:
        source, meter = await setup(pull_client, pull_tenant, server.url)
        await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now)
        url = f"/v2/integrations/{source['id']}/unmapped"
        listed = (await pull_client.get(url, headers=pull_tenant.headers)).json()["data"]
        assert [(u["externalId"], u["points"], u["sample"]["value"]) for u in listed] == [("m9", 1, 9.0)]
        other = await thing(pull_client, pull_tenant, meter["placeId"], "Meter 9")
        await mapping(pull_client, pull_tenant, source["id"], "m9", other["path"])
        assert (await pull_client.get(url, headers=pull_tenant.headers)).json()["data"] == []
        clock.advance(seconds=60)
        await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now)
    data = await series(
        pull_client,
        pull_tenant,
        path=other["path"],
        metric="power",
        **{"from": "2023-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"},
    )
    assert [p["value"] for p in data["data"]] == [9.0]
    assert_problem(await pull_client.get(url, headers=pull_tenant.key(pull_tenant.other_rw)), 404)
    assert_problem(await pull_client.get(url), 401)
    assert_problem(await pull_client.get(url, headers=pull_tenant.key(pull_tenant.write_only)), 403)


async def test_a_deactivated_integration_is_not_pulled(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    async with Receiver(default=records()) as server:
        source, _ = await setup(pull_client, pull_tenant, server.url)
        response = await pull_client.put(
            f"/v2/integrations/{source['id']}", json={"active": False}, headers=pull_tenant.headers
        )
        assert response.status_code == 200, response.text
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 0
    assert server.received == []
    assert (await schedule(pull_client, pull_tenant, source["id"]))["status"] == "paused"


def test_cron_follows_the_zone_across_daylight_saving() -> None:
    london = pull_schedules.parse({"cron": "7 * * * *", "timezone": "Europe/London"})
    before = datetime(2025, 3, 30, 0, 7, tzinfo=UTC)  # 00:07 GMT; 01:07 local does not exist that night
    assert london.next_after(before) == datetime(2025, 3, 30, 1, 7, tzinfo=UTC)  # 02:07 BST
    daily = pull_schedules.parse({"cron": "30 6 * * *", "timezone": "America/New_York"})
    assert daily.next_after(datetime(2025, 7, 1, 12, 0, tzinfo=UTC)) == datetime(2025, 7, 2, 10, 30, tzinfo=UTC)
    every = pull_schedules.parse({"pollInterval": 900})
    assert every.next_after(datetime(2025, 1, 1, 0, 14, 59, tzinfo=UTC)) == datetime(2025, 1, 1, 0, 15, tzinfo=UTC)


async def test_a_bad_schedule_is_refused_naming_the_property(pull_client, pull_tenant) -> None:
    for extra, path in [
        ({"cron": "61 * * * *"}, "properties.cron"),
        ({"cron": "* * * *"}, "properties.cron"),
        ({"timezone": "Mars/Olympus"}, "properties.timezone"),
        ({"pollInterval": 5}, "properties.pollInterval"),
        ({"valuePath": "data[?"}, "properties.valuePath"),
    ]:
        body = {
            "name": "Poll",
            "type": "http_poll",
            "properties": poll_properties("https://api.example.com/x", **extra),
        }
        assert_problem(await pull_client.post("/v2/integrations", json=body, headers=pull_tenant.headers), 422, path)
    listed = (await pull_client.get("/v2/integrations", headers=pull_tenant.headers)).json()["data"]
    assert listed == []


async def test_validators_are_kept_between_ticks(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    async def conditional(request: web.Request, _seen: Received) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.json_response({"data": [{"id": "m1", "ts": 1_700_000_000, "v": 4.0}]}, headers={"ETag": '"v1"'})

    async with Receiver(default=conditional) as server:
        source, _ = await setup(pull_client, pull_tenant, server.url)
        for _ in range(2):
            assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 1
            clock.advance(seconds=60)
    assert [r.headers.get("If-None-Match") for r in server.received] == [None, '"v1"']
    shown = await schedule(pull_client, pull_tenant, source["id"])
    assert (shown["runs"], shown["failures"], shown["pointsWritten"]) == (2, 0, 1)
