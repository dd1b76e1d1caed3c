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
