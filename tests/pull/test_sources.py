"""Each source end to end: configured over the API, pulled on its schedule, read back; preview stores nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from interlink.services import pulls
from interlink.services.worker import Worker
from tests.api.helpers import assert_problem
from tests.providers.utility_data.fake import DataCustodian
from tests.providers.weather.fake import OpenMeteo
from tests.pull.conftest import Clock
from tests.pull.helpers import integration, mapping, place, schedule, series, thing

EVER = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}


@asynccontextmanager
async def worker(pull_hub) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(pull_hub, concurrency=4).run(stop, grace=1.0))
    try:
        yield
    finally:
        stop.set()
        await task


async def finished(client, tenant, location: str) -> dict[str, Any]:
    async with asyncio.timeout(15):
        while True:
            action = (await client.get(location, headers=tenant.headers)).json()
            if action["status"] not in ("queued", "running"):
                return action
            await asyncio.sleep(0.05)


async def test_weather_is_pulled_for_each_mapped_place_with_coordinates(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    async with OpenMeteo() as server:
        office = await place(pull_client, pull_tenant)
        depot = await place(pull_client, pull_tenant, "Depot", latitude=None, longitude=None)
        source = await integration(pull_client, pull_tenant, "weather", {"baseUrl": server.url})
        await mapping(pull_client, pull_tenant, source["id"], "office", office["path"])
        await mapping(pull_client, pull_tenant, source["id"], "depot", depot["path"])
        assert await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now) == 1
    [request] = server.requests
    assert (request.query["latitude"], request.query["longitude"]) == ("52.52", "13.41")
    response = await pull_client.get(
        "/v2/telemetry/metrics", params={"path": office["path"]}, headers=pull_tenant.headers
    )
    metrics = {m["metric"]: m for m in response.json()["data"]}
    assert set(metrics) == {"temperature", "humidity", "wind_speed", "irradiance", "precipitation"}
    assert metrics["temperature"]["unit"] == "°C" and metrics["temperature"]["count"] == 24  # the last day, hourly
    assert (await schedule(pull_client, pull_tenant, source["id"]))["schedule"] == "every 3600 s"


async def test_green_button_readings_land_on_the_mapped_meter(
    pull_hub, pull_client, pull_tenant, clock: Clock, pull_transport
) -> None:
    async with DataCustodian() as server:
        site = await place(pull_client, pull_tenant)
        meter = await thing(pull_client, pull_tenant, site["id"], "Front Electric Meter")
        body = {
            "utilityName": "City Power",
            "accountNumber": "ACC-1",
            "resourceUri": server.resource_uri,
            "meter": meter["path"],
        }
        source = await integration(pull_client, pull_tenant, "utility_data", body, credentials={"apiToken": "at-1"})
        await mapping(pull_client, pull_tenant, source["id"], "5446AF3F", meter["path"])
        await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now)
        data = await series(pull_client, pull_tenant, path=meter["path"], metric="energy_import", **EVER)
        assert [(p["time"], p["value"], p["unit"]) for p in data["data"]] == [
            ("2012-03-01T05:00:00.000Z", 0.282, "kWh"),
            ("2012-03-01T05:15:00.000Z", 0.323, "kWh"),
        ]
        response = await pull_client.put(
            f"/v2/integrations/{source['id']}",
            json={"credentials": {"apiToken": "expired-at-0"}},
            headers=pull_tenant.headers,
        )
        assert response.status_code == 200, response.text
        await pulls.run_due(pull_hub, pull_transport, "wrk_a", clock.now)  # a saved change pulls again at once
    shown = await schedule(pull_client, pull_tenant, source["id"])
    assert "refused the credentials (HTTP 401)" in shown["lastError"]
    assert "expired-at-0" not in str(shown) and shown["failures"] == 1


async def test_preview_shows_what_a_sample_becomes_and_stores_nothing(pull_hub, pull_client, pull_tenant) -> None:
    site = await place(pull_client, pull_tenant)
    meter = await thing(pull_client, pull_tenant, site["id"])
    properties = {
        "url": "https://api.example.com/x",
        "itemsPath": "data",
        "externalIdPath": "id",
        "timePath": "ts",
        "valuePath": "v",
        "metric": "power",
    }
    source = await integration(pull_client, pull_tenant, "http_poll", properties)
    await mapping(pull_client, pull_tenant, source["id"], "m1", meter["path"])
    url = f"/v2/integrations/{source['id']}/actions/preview"
    sample = {"data": [{"id": "m1", "ts": 1719792000, "v": 1.5}, {"id": "m2", "ts": "2024-07-01T00:00:00Z", "v": 2}]}
    async with worker(pull_hub):
        response = await pull_client.post(url, json={"sample": sample}, headers=pull_tenant.headers)
        assert response.status_code == 202, response.text
        action = await finished(pull_client, pull_tenant, response.headers["Location"])
        bad = await pull_client.post(
            url, json={"sample": {"data": [{"id": "m1", "v": "x"}]}}, headers=pull_tenant.headers
        )
        refused = await finished(pull_client, pull_tenant, bad.headers["Location"])
    assert action["status"] == "succeeded"
    assert action["result"] == {
        "count": 2,
        "stored": False,
        "points": [
            {
                "externalId": "m1",
                "resourcePath": meter["path"],
                "metric": "power",
                "time": "2024-07-01T00:00:00.000Z",
                "value": 1.5,
                "unit": None,
            },
            {
                "externalId": "m2",
                "resourcePath": None,
                "metric": "power",
                "time": "2024-07-01T00:00:00.000Z",
                "value": 2.0,
                "unit": None,
            },
        ],
    }
    assert refused["status"] == "failed" and "record 0" in refused["result"]["error"]
    assert (await series(pull_client, pull_tenant, path=meter["path"], metric="power", **EVER))["data"] == []
    assert (await pull_client.get(f"/v2/integrations/{source['id']}/unmapped", headers=pull_tenant.headers)).json()[
        "data"
    ] == []


async def test_preview_and_schedule_refuse_bad_callers(pull_client, pull_tenant) -> None:
    properties = {"url": "https://api.example.com/x", "externalIdPath": "id", "valuePath": "v"}
    source = await integration(pull_client, pull_tenant, "http_poll", properties)
    preview = f"/v2/integrations/{source['id']}/actions/preview"
    assert_problem(await pull_client.post(preview, json={"sample": {}}), 401)
    assert_problem(
        await pull_client.post(preview, json={"sample": {}}, headers=pull_tenant.key(pull_tenant.read_only)), 403
    )
    assert_problem(
        await pull_client.post(preview, json={"sample": {}}, headers=pull_tenant.key(pull_tenant.other_rw)), 404
    )
    assert_problem(await pull_client.post(preview, json={"sampel": {}}, headers=pull_tenant.headers), 422, "sampel")
    weather = await integration(pull_client, pull_tenant, "weather", {})
    url = f"/v2/integrations/{weather['id']}/actions/preview"
    assert_problem(await pull_client.post(url, json={}, headers=pull_tenant.headers), 422, "action")

    url = f"/v2/integrations/{source['id']}/schedule"
    assert_problem(await pull_client.get(url), 401)
    assert_problem(await pull_client.get(url, headers=pull_tenant.key(pull_tenant.write_only)), 403)
    assert_problem(await pull_client.get(url, headers=pull_tenant.key(pull_tenant.other_rw)), 404)
    hook = await integration(pull_client, pull_tenant, "webhook", {"url": "https://hooks.example.com/x"})
    assert_problem(
        await pull_client.get(f"/v2/integrations/{hook['id']}/schedule", headers=pull_tenant.headers),
        422,
        "integrationId",
    )


async def test_an_mqtt_preview_maps_a_sample_payload(pull_hub, pull_client, pull_tenant) -> None:
    properties = {
        "host": "127.0.0.1",
        "topics": "tele/+/SENSOR",
        "timePath": "Time",
        "values": {"power": "ENERGY.Power"},
    }
    source = await integration(pull_client, pull_tenant, "mqtt", properties, active=False)
    await pull_client.put(f"/v2/integrations/{source['id']}", json={"active": True}, headers=pull_tenant.headers)
    url = f"/v2/integrations/{source['id']}/actions/preview"
    sample = {"Time": "2018-02-15T17:37:10", "ENERGY": {"Total": 6.294, "Power": 2635}}
    async with worker(pull_hub):
        with_sample = await pull_client.post(url, json={"sample": sample}, headers=pull_tenant.headers)
        without = await pull_client.post(url, json={}, headers=pull_tenant.headers)
        shown = await finished(pull_client, pull_tenant, with_sample.headers["Location"])
        refused = await finished(pull_client, pull_tenant, without.headers["Location"])
    assert [(p["externalId"], p["metric"], p["value"], p["time"]) for p in shown["result"]["points"]] == [
        ("sample", "power", 2635.0, "2018-02-15T17:37:10.000Z")
    ]
    assert refused["status"] == "failed" and "give a sample" in refused["result"]["error"]
