"""``GET /v2/telemetry`` and ``/v2/telemetry/metrics``: raw and bucketed reads over idempotently written points."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from interlink.sdk import Point
from interlink.services import telemetry
from tests.api.helpers import assert_problem
from tests.conftest import Tenant
from tests.pull.helpers import integration, mapping, place, series, thing

T0 = datetime(2024, 5, 1, tzinfo=UTC)
RANGE = {"from": "2024-05-01T00:00:00Z", "to": "2024-05-02T00:00:00Z"}


async def meter_with_points(pull_hub, client, tenant: Tenant, points: list[Point]) -> tuple[dict[str, Any], str]:
    site = await place(client, tenant)
    meter = await thing(client, tenant, site["id"])
    source = await integration(
        client, tenant, "http_poll", {"url": "https://api.example.com/x", "externalIdPath": "id", "valuePath": "v"}
    )
    await mapping(client, tenant, source["id"], "m1", meter["path"])
    async with pull_hub.db.write() as session:
        await telemetry.ingest(session, tenant.env_id, source["id"], points, T0)
    return meter, source["id"]


def every_15_minutes(hours: int, metric: str = "power") -> list[Point]:
    return [Point("m1", metric, T0 + timedelta(minutes=15 * i), float(i), "kW") for i in range(hours * 4)]


async def test_raw_points_come_in_time_order_within_the_range(pull_hub, pull_client, pull_tenant) -> None:
    meter, source = await meter_with_points(pull_hub, pull_client, pull_tenant, every_15_minutes(3))
    data = await series(
        pull_client,
        pull_tenant,
        path=meter["path"],
        metric="power",
        **{"from": "2024-05-01T00:30:00Z", "to": "2024-05-01T01:30:00Z"},
    )
    assert [(p["time"], p["value"]) for p in data["data"]] == [
        ("2024-05-01T00:30:00.000Z", 2.0),
        ("2024-05-01T00:45:00.000Z", 3.0),
        ("2024-05-01T01:00:00.000Z", 4.0),
        ("2024-05-01T01:15:00.000Z", 5.0),
    ]
    assert data["data"][0]["unit"] == "kW" and data["data"][0]["source"] == source
    assert data["nextFrom"] is None


async def test_raw_points_page_with_next_from(pull_hub, pull_client, pull_tenant) -> None:
    meter, _ = await meter_with_points(pull_hub, pull_client, pull_tenant, every_15_minutes(2))
    first = await series(pull_client, pull_tenant, path=meter["path"], metric="power", limit=5, **RANGE)
    assert [p["value"] for p in first["data"]] == [0.0, 1.0, 2.0, 3.0, 4.0]
    rest = await series(
        pull_client, pull_tenant, path=meter["path"], metric="power", **{**RANGE, "from": first["nextFrom"]}
    )
    assert [p["value"] for p in rest["data"]] == [5.0, 6.0, 7.0]


async def test_aggregates_per_step(pull_hub, pull_client, pull_tenant) -> None:
    meter, _ = await meter_with_points(pull_hub, pull_client, pull_tenant, every_15_minutes(3))
    data = await series(pull_client, pull_tenant, path=meter["path"], metric="power", step="1h", **RANGE)
    assert data["step"] == "1h"
    assert data["data"] == [
        {"time": "2024-05-01T00:00:00.000Z", "min": 0.0, "max": 3.0, "mean": 1.5, "sum": 6.0, "count": 4},
        {"time": "2024-05-01T01:00:00.000Z", "min": 4.0, "max": 7.0, "mean": 5.5, "sum": 22.0, "count": 4},
        {"time": "2024-05-01T02:00:00.000Z", "min": 8.0, "max": 11.0, "mean": 9.5, "sum": 38.0, "count": 4},
    ]


async def test_writing_the_same_point_twice_keeps_one(pull_hub, pull_client, pull_tenant) -> None:
    meter, source = await meter_with_points(pull_hub, pull_client, pull_tenant, every_15_minutes(1))
    again = [Point("m1", "power", T0, 42.0, "kW"), Point("m1", "power", T0, 43.0, "kW")]
    async with pull_hub.db.write() as session:
        await telemetry.ingest(session, pull_tenant.env_id, source, again, T0)
    data = await series(pull_client, pull_tenant, path=meter["path"], metric="power", **RANGE)
    assert [p["value"] for p in data["data"]] == [43.0, 1.0, 2.0, 3.0]


async def test_metrics_lists_what_a_resource_has(pull_hub, pull_client, pull_tenant) -> None:
    points = every_15_minutes(1) + every_15_minutes(2, "energy")
    meter, _ = await meter_with_points(pull_hub, pull_client, pull_tenant, points)
    response = await pull_client.get(
        "/v2/telemetry/metrics", params={"path": meter["path"]}, headers=pull_tenant.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == [
        {
            "metric": "energy",
            "unit": "kW",
            "count": 8,
            "first": "2024-05-01T00:00:00.000Z",
            "last": "2024-05-01T01:45:00.000Z",
        },
        {
            "metric": "power",
            "unit": "kW",
            "count": 4,
            "first": "2024-05-01T00:00:00.000Z",
            "last": "2024-05-01T00:45:00.000Z",
        },
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"metric": "power", **RANGE}, "path"),
        ({"path": "meters/1", "metric": "power", **RANGE}, "path"),
        ({"path": "PATH", **RANGE}, "metric"),
        ({"path": "PATH", "metric": "power", "to": RANGE["to"]}, "from"),
        ({"path": "PATH", "metric": "power", "from": "yesterday", "to": RANGE["to"]}, "from"),
        ({"path": "PATH", "metric": "power", "from": RANGE["to"], "to": RANGE["from"]}, "to"),
        ({"path": "PATH", "metric": "power", "step": "fortnight", **RANGE}, "step"),
        ({"path": "PATH", "metric": "power", "step": "1ms", "from": "2000-01-01T00:00:00Z", "to": RANGE["to"]}, "step"),
        ({"path": "PATH", "metric": "power", "limit": 0, **RANGE}, "limit"),
    ],
    ids=[
        "no-path",
        "bad-path",
        "no-metric",
        "no-from",
        "bad-from",
        "reversed",
        "bad-step",
        "too-many-buckets",
        "limit",
    ],
)
async def test_bad_queries_name_the_parameter(pull_hub, pull_client, pull_tenant, params, field) -> None:
    meter, _ = await meter_with_points(pull_hub, pull_client, pull_tenant, every_15_minutes(1))
    params = {k: (meter["path"] if v == "PATH" else v) for k, v in params.items()}
    assert_problem(await pull_client.get("/v2/telemetry", params=params, headers=pull_tenant.headers), 422, field)


async def test_reads_need_a_read_key_of_the_same_environment(pull_hub, pull_client, pull_tenant) -> None:
    meter, _ = await meter_with_points(pull_hub, pull_client, pull_tenant, every_15_minutes(1))
    for url, params in [
        ("/v2/telemetry", {"path": meter["path"], "metric": "power", **RANGE}),
        ("/v2/telemetry/metrics", {"path": meter["path"]}),
    ]:
        assert_problem(await pull_client.get(url, params=params), 401)
        assert_problem(await pull_client.get(url, params=params, headers=pull_tenant.key(pull_tenant.write_only)), 403)
        assert_problem(await pull_client.get(url, params=params, headers=pull_tenant.key(pull_tenant.other_rw)), 404)
        assert (
            await pull_client.get(url, params=params, headers=pull_tenant.key(pull_tenant.read_only))
        ).status_code == 200


async def test_metrics_and_unmapped_refuse_bad_input(pull_hub, pull_client, pull_tenant) -> None:
    h = pull_tenant.headers
    assert_problem(await pull_client.get("/v2/telemetry/metrics", headers=h), 422, "path")
    assert_problem(await pull_client.get("/v2/telemetry/metrics", params={"path": "sites/1"}, headers=h), 422, "path")
    missing = "places/plc_01J00000000000000000000000"
    assert_problem(await pull_client.get("/v2/telemetry/metrics", params={"path": missing}, headers=h), 404)
    assert_problem(await pull_client.get("/v2/integrations/int_nope/unmapped", headers=h), 404)
    assert_problem(await pull_client.post("/v2/actions/act_nope/cancel", headers=h), 404)
