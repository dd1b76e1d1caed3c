"""Backfill: 202 with a location, chunked progress, resume after a kill, cancel, and re-runs without duplicates."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from interlink.core.timeutil import utcnow
from interlink.services import pull_actions
from interlink.services.worker import Worker
from interlink.store import queue as queue_store
from interlink.store.tables import Action
from tests.api.helpers import assert_problem
from tests.conftest import Tenant
from tests.providers.weather.fake import OpenMeteo, rate_limited
from tests.pull.helpers import integration, mapping, place

JAN_TO_JUN = {"from": "2024-01-01T00:00:00Z", "to": "2024-06-01T00:00:00Z"}  # 152 days: five chunks of the archive
HOURS = 152 * 24
POINTS = HOURS * 5 - 152  # five variables an hour; wind is null at 03:00 every day


async def weather_setup(client, tenant: Tenant, server: OpenMeteo) -> dict[str, Any]:
    office = await place(client, tenant)
    source = await integration(client, tenant, "weather", {"baseUrl": server.url, "archiveUrl": server.url})
    await mapping(client, tenant, source["id"], "office", office["path"])
    return {"source": source, "office": office}


async def start_backfill(client, tenant: Tenant, integration_id: str, body: dict[str, Any] = JAN_TO_JUN) -> str:
    response = await client.post(
        f"/v2/integrations/{integration_id}/actions/backfill", json=body, headers=tenant.headers
    )
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued" and response.json()["input"] == body | {
        "from": body["from"].replace("Z", ".000Z"),
        "to": body["to"].replace("Z", ".000Z"),
    }
    return response.headers["Location"]


async def read_action(client, tenant: Tenant, location: str) -> dict[str, Any]:
    response = await client.get(location, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def total_points(client, tenant: Tenant, path: str) -> int:
    params = {"path": path, "metric": "temperature", "step": "1w", **JAN_TO_JUN}
    data = (await client.get("/v2/telemetry", params=params, headers=tenant.headers)).json()["data"]
    return sum(bucket["count"] for bucket in data)


async def claim_action(pull_hub, owner: str, now) -> Action:
    async with pull_hub.db.write() as session:
        [row] = await queue_store.claim(session, Action, owner, now, timedelta(seconds=5), 1)
    return row


async def test_a_backfill_runs_on_the_worker_and_a_rerun_writes_no_duplicates(
    pull_hub, pull_client, pull_tenant
) -> None:
    async with OpenMeteo() as server:
        made = await weather_setup(pull_client, pull_tenant, server)
        stop = asyncio.Event()
        worker = asyncio.create_task(Worker(pull_hub, concurrency=4).run(stop, grace=1.0))
        try:
            for _ in range(2):
                location = await start_backfill(pull_client, pull_tenant, made["source"]["id"])
                async with asyncio.timeout(30):
                    while (action := await read_action(pull_client, pull_tenant, location))["status"] in (
                        "queued",
                        "running",
                    ):
                        await asyncio.sleep(0.05)
                assert action["status"] == "succeeded", action
                assert action["result"]["chunksDone"] == action["result"]["chunksTotal"] == 5
                assert action["result"]["pointsWritten"] == POINTS
        finally:
            stop.set()
            await worker
    archive = [r for r in server.requests if r.path == "/v1/archive"]
    assert len(archive) == 10
    assert (archive[0].query["start_date"], archive[4].query["end_date"]) == ("2024-01-01", "2024-05-31")
    assert await total_points(pull_client, pull_tenant, made["office"]["path"]) == HOURS  # twice pulled, once stored


async def test_a_backfill_killed_mid_way_resumes_after_its_last_chunk(
    pull_hub, pull_client, pull_tenant, pull_transport
) -> None:
    async with OpenMeteo(hold_after=2) as server:
        made = await weather_setup(pull_client, pull_tenant, server)
        location = await start_backfill(pull_client, pull_tenant, made["source"]["id"])
        first = await claim_action(pull_hub, "wrk_dies", utcnow())
        running = asyncio.create_task(pull_actions.run(pull_hub, pull_transport, first))
        await server.wait_for(3)  # two chunks committed, the third stalls
        running.cancel()  # the process dies: its lease stays until it runs out
        with pytest.raises(asyncio.CancelledError):
            await running
        shown = await read_action(pull_client, pull_tenant, location)
        assert shown["status"] == "running"
        assert (shown["result"]["chunksDone"], shown["result"]["chunksTotal"]) == (2, 5)
        server.hold_after = None
        server.release.set()
        second = await claim_action(pull_hub, "wrk_next", utcnow() + timedelta(seconds=6))
        assert second.id == first.id
        changes = await pull_actions.run(pull_hub, pull_transport, second)
    assert changes["status"] == "succeeded"
    assert changes["result"]["pointsWritten"] == POINTS
    starts = [r.query["start_date"] for r in server.requests if r.path == "/v1/archive"]
    assert len(starts) == 6 and starts[2] == starts[3]  # chunk three asked twice, chunks one and two never again
    assert await total_points(pull_client, pull_tenant, made["office"]["path"]) == HOURS


async def test_a_rate_limited_chunk_goes_back_to_the_queue_with_its_progress(
    pull_hub, pull_client, pull_tenant, pull_transport
) -> None:
    async with OpenMeteo() as server:
        made = await weather_setup(pull_client, pull_tenant, server)
        location = await start_backfill(pull_client, pull_tenant, made["source"]["id"])
        server.failures = [rate_limited()]
        action = await claim_action(pull_hub, "wrk_a", utcnow())
        changes = await pull_actions.run(pull_hub, pull_transport, action)
        assert changes["status"] == "queued" and changes["run_at"] >= utcnow() + timedelta(seconds=29)
        assert "429" in changes["result"]["error"] and changes["result"]["chunksDone"] == 0
    assert location.endswith(action.id)


async def test_cancel_stops_a_backfill(pull_hub, pull_client, pull_tenant, pull_transport) -> None:
    async with OpenMeteo() as server:
        made = await weather_setup(pull_client, pull_tenant, server)
        location = await start_backfill(pull_client, pull_tenant, made["source"]["id"])
        cancel = f"{location}/cancel"
        assert_problem(await pull_client.post(cancel), 401)
        assert_problem(await pull_client.post(cancel, headers=pull_tenant.key(pull_tenant.read_only)), 403)
        assert_problem(await pull_client.post(cancel, headers=pull_tenant.key(pull_tenant.other_rw)), 404)
        response = await pull_client.post(cancel, headers=pull_tenant.headers)
        assert response.status_code == 200 and response.json()["status"] == "cancelled"
        assert_problem(await pull_client.post(cancel, headers=pull_tenant.headers), 409)
    assert server.requests == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": JAN_TO_JUN["to"]}, "from"),
        ({"from": JAN_TO_JUN["from"]}, "to"),
        ({"from": "last week", "to": JAN_TO_JUN["to"]}, "from"),
        ({"from": JAN_TO_JUN["to"], "to": JAN_TO_JUN["from"]}, "to"),
        ({"from": "1990-01-01T00:00:00Z", "to": "2024-01-01T00:00:00Z"}, "from"),
        ({**JAN_TO_JUN, "chunk": "1d"}, "chunk"),
    ],
    ids=["no-from", "no-to", "bad-from", "reversed", "too-long", "unknown-field"],
)
async def test_bad_ranges_are_refused_naming_the_field(pull_client, pull_tenant, body, field) -> None:
    source = await integration(pull_client, pull_tenant, "weather", {})
    url = f"/v2/integrations/{source['id']}/actions/backfill"
    assert_problem(await pull_client.post(url, json=body, headers=pull_tenant.headers), 422, field)


async def test_backfill_needs_a_write_key_of_the_environment_and_a_type_that_supports_it(
    pull_client, pull_tenant
) -> None:
    weather = await integration(pull_client, pull_tenant, "weather", {})
    url = f"/v2/integrations/{weather['id']}/actions/backfill"
    assert_problem(await pull_client.post(url, json=JAN_TO_JUN), 401)
    assert_problem(await pull_client.post(url, json=JAN_TO_JUN, headers=pull_tenant.key(pull_tenant.read_only)), 403)
    assert_problem(await pull_client.post(url, json=JAN_TO_JUN, headers=pull_tenant.key(pull_tenant.other_rw)), 404)
    poll = await integration(
        pull_client,
        pull_tenant,
        "http_poll",
        {"url": "https://api.example.com/x", "externalIdPath": "id", "valuePath": "v"},
    )
    url = f"/v2/integrations/{poll['id']}/actions/backfill"
    assert_problem(await pull_client.post(url, json=JAN_TO_JUN, headers=pull_tenant.headers), 422, "action")
