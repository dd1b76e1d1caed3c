"""The MQTT source against the local Mosquitto: wildcard topics, documented payloads, malformed messages refused."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiomqtt
import pytest

from interlink.providers.mqtt.source import SOURCE, topic_filters
from interlink.sdk import Point

FIXTURES = Path(__file__).parent / "fixtures"
BROKER = ("127.0.0.1", 1883)


def fixture(name: str) -> bytes:
    """A documented payload, as a device publishes it."""
    return json.dumps(json.loads((FIXTURES / f"{name}.json").read_bytes())["body"]).encode()


TASMOTA = {
    "values": {"temperature": '"AHT1X-0x38".Temperature', "humidity": '"AHT1X-0x38".Humidity'},
    "timePath": "Time",
}


def test_a_tasmota_sensor_payload_becomes_points() -> None:
    points = SOURCE.message_points(TASMOTA, "tele/tasmota/SENSOR", fixture("tasmota_sensor"), datetime.now(UTC))
    when = datetime(2024, 7, 1, 10, tzinfo=UTC)
    assert [(p.external_id, p.metric, p.time, p.value) for p in points] == [
        ("tele/tasmota/SENSOR", "temperature", when, 24.7),
        ("tele/tasmota/SENSOR", "humidity", when, 61.9),
    ]


def test_an_owntracks_location_maps_by_its_tracker_id() -> None:
    config = {"externalIdPath": "tid", "timePath": "tst", "values": {"battery": "batt", "altitude": "alt"}}
    points = SOURCE.message_points(config, "owntracks/jane/nokia", fixture("owntracks_location"), datetime.now(UTC))
    assert [(p.external_id, p.metric, p.value) for p in points] == [("j1", "battery", 53.0), ("j1", "altitude", 154.0)]
    assert points[0].time == datetime.fromtimestamp(1706856298, UTC)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [(b"ON", "is not JSON"), (b'{"Time": "later", "AHT1X-0x38": {}}', "time")],
    ids=["not-json", "bad-time"],
)
def test_a_malformed_message_is_refused_with_its_topic(payload: bytes, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        SOURCE.message_points(TASMOTA, "tele/tasmota/SENSOR", payload, datetime.now(UTC))
    assert reason in str(caught.value) and "tele/tasmota/SENSOR" in str(caught.value)


@pytest.mark.parametrize("bad", ["sport+", "sport/#/ranking", "a/b#", ""])
def test_topic_filters_follow_the_mqtt_rules(bad: str) -> None:
    with pytest.raises(ValueError):
        topic_filters(bad)
    assert topic_filters("owntracks/+/+, tele/#") == ["owntracks/+/+", "tele/#"]


class _Transport:
    """The subscriber asks the transport only whether the broker's host may be dialled."""

    timeout = 2.0
    http = None

    def check_url(self, url: str) -> str | None:
        return None

    def check_host(self, host: str) -> str | None:
        return None


async def test_subscribes_with_wildcards_and_reports_malformed_messages() -> None:
    prefix = f"interlink-test-{secrets.token_hex(4)}"
    config: dict[str, Any] = {
        "host": BROKER[0],
        "port": BROKER[1],
        "topics": f"{prefix}/+/SENSOR",
        "qos": "1",
        **TASMOTA,
    }
    got: list[Point] = []
    problems: list[str | None] = []
    arrived = asyncio.Event()

    async def emit(points: list[Point]) -> None:
        got.extend(points)
        arrived.set()

    subscribed = asyncio.Event()

    def report(problem: str | None) -> None:
        problems.append(problem)
        if problem is None:
            subscribed.set()

    task = asyncio.create_task(SOURCE.subscribe(config, _Transport(), emit, report))
    try:
        async with asyncio.timeout(10):
            await subscribed.wait()
        async with aiomqtt.Client(*BROKER) as publisher:
            await publisher.publish(f"{prefix}/kitchen/SENSOR", b"ON", qos=1)
            await publisher.publish(f"{prefix}/kitchen/STATE", json.dumps({"x": 1}), qos=1)  # not matched
            await publisher.publish(f"{prefix}/kitchen/SENSOR", fixture("tasmota_sensor"), qos=1)
        async with asyncio.timeout(10):
            await arrived.wait()
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert [(p.external_id, p.metric) for p in got] == [
        (f"{prefix}/kitchen/SENSOR", "temperature"),
        (f"{prefix}/kitchen/SENSOR", "humidity"),
    ]
    assert any(p and "is not JSON" in p for p in problems)


class _Proxy:
    """A TCP relay to the broker whose connections the test can cut, as a network outage would."""

    def __init__(self) -> None:
        self.writers: list[asyncio.StreamWriter] = []
        self.connections = 0
        self.server: asyncio.AbstractServer | None = None

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        upstream_reader, upstream_writer = await asyncio.open_connection(*BROKER)
        self.writers += [writer, upstream_writer]
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    def cut(self) -> None:
        for writer in self.writers:
            writer.transport.abort()
        self.writers.clear()

    async def stop(self) -> None:
        self.cut()
        assert self.server is not None
        self.server.close()


async def test_a_dropped_connection_is_reported_and_the_subscription_comes_back() -> None:
    prefix = f"interlink-test-{secrets.token_hex(4)}"
    proxy = _Proxy()
    port = await proxy.start()
    config: dict[str, Any] = {"host": "127.0.0.1", "port": port, "topics": f"{prefix}/#", **TASMOTA}
    problems: list[str | None] = []
    healthy = asyncio.Event()
    got: list[Point] = []
    arrived = asyncio.Event()

    async def emit(points: list[Point]) -> None:
        got.extend(points)
        arrived.set()

    def report(problem: str | None) -> None:
        problems.append(problem)
        if problem is None:
            healthy.set()

    task = asyncio.create_task(SOURCE.subscribe(config, _Transport(), emit, report))
    try:
        async with asyncio.timeout(10):
            await healthy.wait()
        healthy.clear()
        proxy.cut()
        async with asyncio.timeout(15):
            await healthy.wait()  # reconnected (after a one-second backoff) and subscribed again
        async with aiomqtt.Client(*BROKER) as publisher:
            await publisher.publish(f"{prefix}/pow/SENSOR", fixture("tasmota_sensor"), qos=1)
        async with asyncio.timeout(10):
            await arrived.wait()
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await proxy.stop()
    assert proxy.connections == 2
    assert any(p and p.startswith("the broker connection failed") for p in problems)
    assert [p.metric for p in got] == ["temperature", "humidity"]
