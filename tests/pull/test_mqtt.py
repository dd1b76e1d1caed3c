"""MQTT end to end on the local Mosquitto: one worker holds the subscription, another takes over when it stops."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

import aiomqtt

from interlink.services.worker import Worker
from interlink.store.pull_tables import PullJob
from tests.pull.helpers import integration, mapping, place, schedule, thing

RANGE = {"from": "2024-01-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"}


def sensor(hour: int, temperature: float) -> bytes:
    return json.dumps({"Time": f"2024-07-01T{hour:02d}:00:00", "AHT1X-0x38": {"Temperature": temperature}}).encode()


async def held_by(pull_hub, job_id: str, owners: set[str]) -> str:
    """Wait until one of ``owners`` holds the subscription; returns which."""
    async with asyncio.timeout(15):
        while True:
            async with pull_hub.db.read() as session:
                job = await session.get(PullJob, job_id)
                if job is not None and job.status == "running" and job.lease_owner in owners:
                    return job.lease_owner
            await asyncio.sleep(0.05)


async def temperatures(client, tenant, path: str, count: int) -> list[float]:
    params = {"path": path, "metric": "temperature", **RANGE}
    async with asyncio.timeout(15):
        while True:
            data = (await client.get("/v2/telemetry", params=params, headers=tenant.headers)).json()["data"]
            if len(data) >= count:
                return [p["value"] for p in data]
            await asyncio.sleep(0.05)


async def publish(topic: str, payload: bytes, *, retain: bool = False) -> None:
    async with aiomqtt.Client("127.0.0.1", 1883) as client:
        await client.publish(topic, payload, qos=1, retain=retain)


async def test_one_worker_holds_the_subscription_and_another_takes_over(pull_hub, pull_client, pull_tenant) -> None:
    prefix = f"interlink-e2e-{secrets.token_hex(4)}"
    topic = f"{prefix}/meter/SENSOR"
    site = await place(pull_client, pull_tenant)
    meter = await thing(pull_client, pull_tenant, site["id"])
    properties: dict[str, Any] = {
        "host": "127.0.0.1",
        "topics": f"{prefix}/+/SENSOR",
        "timePath": "Time",
        "values": {"temperature": '"AHT1X-0x38".Temperature'},
        "unit": "°C",
    }
    source = await integration(pull_client, pull_tenant, "mqtt", properties, credentials={"password": "unused-pass"})
    await mapping(pull_client, pull_tenant, source["id"], topic, meter["path"])
    await publish(topic, sensor(10, 24.7), retain=True)  # a retained reading reaches the subscriber when it subscribes

    workers = [Worker(pull_hub, concurrency=4) for _ in range(2)]
    stops = [asyncio.Event(), asyncio.Event()]
    running = [asyncio.create_task(w.run(s, grace=2.0)) for w, s in zip(workers, stops, strict=True)]
    try:
        owners = {w.owner for w in workers}
        first = await held_by(pull_hub, source["id"], owners)
        assert await temperatures(pull_client, pull_tenant, meter["path"], 1) == [24.7]
        await publish(topic, b"not json")
        await publish(topic, sensor(11, 25.1))
        assert await temperatures(pull_client, pull_tenant, meter["path"], 2) == [24.7, 25.1]
        shown = await schedule(pull_client, pull_tenant, source["id"])
        assert shown["schedule"] == "subscribed continuously"
        assert "is not JSON" in shown["lastError"]

        holder = next(i for i, w in enumerate(workers) if w.owner == first)
        stops[holder].set()  # the holder shuts down and hands the subscription back at once
        await running[holder]
        second = await held_by(pull_hub, source["id"], owners - {first})
        assert second != first
        await publish(topic, sensor(12, 25.6), retain=True)  # retained: it reaches the new holder once it subscribes
        assert await temperatures(pull_client, pull_tenant, meter["path"], 3) == [24.7, 25.1, 25.6]
    finally:
        for stop in stops:
            stop.set()
        await asyncio.gather(*running)
        await publish(topic, b"", retain=True)  # clear the retained reading
