"""SIGKILL the server while webhooks arrive: every request answered 2xx is exactly one inbound event afterwards.

The server runs as a real ``interlink serve`` process on its own database; requests that got no answer
may or may not have been stored (the sender retries those), but none that got a 2xx may be missing.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest

from tests.cli import Served, child_env, serving
from tests.conftest import PG_ENV, create_pg_database, drop_pg_database

TOTAL = 2000
KILL_AFTER = 600
CONCURRENCY = 32


def firing(n: int) -> bytes:
    alert = {"status": "firing", "labels": {"alertname": f"Crash{n}"}, "annotations": {}, "fingerprint": f"fp-{n}"}
    return orjson.dumps({"version": "4", "status": "firing", "alerts": [alert], "groupKey": f"g{n}"})


@pytest.fixture
async def environment(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    base = os.environ.get(PG_ENV)
    if not base:
        yield child_env(INTERLINK_POLL_SECONDS="0.1", INTERLINK_LEASE_SECONDS="3")
        return
    url, name = await create_pg_database(base)
    try:
        yield child_env(INTERLINK_DATABASE_URL=url, INTERLINK_POLL_SECONDS="0.1", INTERLINK_LEASE_SECONDS="3")
    finally:
        await drop_pg_database(base, name)


async def blast(url: str, served: Served) -> dict[int, str]:
    """Post TOTAL webhooks; SIGKILL the server once KILL_AFTER were answered. Returns n → event id per 2xx."""
    answered: dict[int, str] = {}
    numbers = iter(range(TOTAL))
    timeout = aiohttp.ClientTimeout(total=10)

    async def sender(http: aiohttp.ClientSession) -> None:
        for n in numbers:
            try:
                async with http.post(url, data=firing(n)) as response:
                    if 200 <= response.status < 300:
                        answered[n] = (await response.json())["id"]
            except (aiohttp.ClientError, TimeoutError):
                continue
            if len(answered) == KILL_AFTER and served.process.poll() is None:
                served.process.send_signal(signal.SIGKILL)

    async with aiohttp.ClientSession(timeout=timeout) as http:
        await asyncio.gather(*(sender(http) for _ in range(CONCURRENCY)))
    return answered


async def every_event(
    http: aiohttp.ClientSession, base: str, integration_id: str, what: str = "inbound-events"
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    params: dict[str, Any] = {"integrationId": integration_id, "limit": 200}
    while True:
        async with http.get(f"{base}/v2/{what}", params=params) as response:
            page = await response.json()
        rows.extend(page["data"])
        if not page["nextCursor"]:
            return rows
        params["cursor"] = page["nextCursor"]


async def test_every_2xx_is_exactly_one_inbound_event_after_a_sigkill(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    data_dir = tmp_path / "data"
    with serving(data_dir, environment) as served:
        assert served.admin_key
        key = served.admin_key
        with served.client(key) as http:
            created = http.post("/v2/integrations", json={"name": "Prometheus", "type": "alertmanager"})
            assert created.status_code == 201, created.text
        manager = created.json()
        answered = await blast(served.url + manager["inboundUrl"], served)
        served.process.wait(timeout=30)
    assert served.process.returncode == -signal.SIGKILL, "the server was killed mid-run"
    assert KILL_AFTER <= len(answered) < TOTAL

    with serving(data_dir, environment) as again:
        async with aiohttp.ClientSession(headers={"X-Api-Key": key}) as http:
            rows = await every_event(http, again.url, manager["id"])
            ids = [r["id"] for r in rows]
            assert len(ids) == len(set(ids))
            assert set(answered.values()) <= set(ids), "every request answered 2xx was stored"
            assert all(r["outcome"] == "accepted" for r in rows)
            async with asyncio.timeout(120):
                while any(r["status"] not in {"processed", "failed"} for r in rows):
                    await asyncio.sleep(0.5)
                    rows = await every_event(http, again.url, manager["id"])
            assert {r["status"] for r in rows} == {"processed"}
            alerts = await every_event(http, again.url, manager["id"], "alerts")
            assert len(alerts) == len(rows), "each stored request (its own fingerprint) opened exactly one alert"
            assert {a["count"] for a in alerts} == {1}, "no request was applied twice"
        print(f"\nintake crash test: {TOTAL} sent, {len(answered)} answered 2xx, {len(rows)} stored, all processed")
        again.stop()
