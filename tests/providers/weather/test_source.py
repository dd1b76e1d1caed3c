"""The weather source against a local Open-Meteo: the exact request, the points, and each documented failure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interlink.providers.weather.source import SOURCE
from interlink.sdk import PullError, PullWindow, Target
from tests.providers.weather.fake import OpenMeteo, rate_limited

START = datetime(2024, 3, 1, tzinfo=UTC)
END = datetime(2024, 3, 2, tzinfo=UTC)
BERLIN = Target("berlin", 52.52, 13.41)


def window(server: OpenMeteo, *, backfill: bool = False, **config: object) -> PullWindow:
    settings = {"baseUrl": server.url, "archiveUrl": server.url, **config}
    return PullWindow(settings, START, END, (BERLIN, Target("nowhere")), backfill=backfill)


async def test_hourly_variables_become_points_of_the_mapped_place(transport) -> None:
    async with OpenMeteo() as server:
        points = await SOURCE.pull(window(server), transport)
    [request] = server.requests  # the place without coordinates is not asked about
    assert request.path == "/v1/forecast"
    assert dict(request.query) == {
        "latitude": "52.52",
        "longitude": "13.41",
        "hourly": "temperature_2m,relative_humidity_2m,wind_speed_10m,shortwave_radiation,precipitation",
        "start_date": "2024-03-01",
        "end_date": "2024-03-01",
        "timeformat": "unixtime",
        "timezone": "GMT",
    }
    temperature = [p for p in points if p.metric == "temperature"]
    assert len(temperature) == 24
    assert temperature[0].external_id == "berlin"
    assert (temperature[0].time, temperature[0].value, temperature[0].unit) == (START, 24.4, "°C")
    assert len([p for p in points if p.metric == "wind_speed"]) == 23  # the null at 03:00 is a gap, not a zero
    assert {p.metric for p in points} == {"temperature", "humidity", "wind_speed", "irradiance", "precipitation"}


async def test_a_backfill_reads_the_archive(transport) -> None:
    async with OpenMeteo() as server:
        points = await SOURCE.pull(window(server, backfill=True), transport)
    assert server.requests[0].path == "/v1/archive"
    assert len(points) == 24 * 5 - 1


async def test_a_wrong_api_key_fails_without_retrying_and_never_shows_the_key(transport) -> None:
    async with OpenMeteo(api_key="right-key") as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server, apiKey="wrong-key-123"), transport)
    assert caught.value.retryable is False
    assert caught.value.status_code == 401
    assert "wrong-key-123" not in str(caught.value) and server.url not in str(caught.value)


async def test_429_is_retried_later(transport) -> None:
    async with OpenMeteo(failures=[rate_limited()]) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server), transport)
    assert (caught.value.retryable, caught.value.status_code) == (True, 429)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>maintenance</html>", "not JSON"),
        (b'{"latitude": 52.5}', "hourly.time"),
        (b'{"hourly": {"time": [1709251200, 1709254800], "temperature_2m": [1.0]}}', "not matching"),
        (b'{"hourly": {"time": [1709251200], "temperature_2m": ["warm"]}}', "temperature_2m[0]"),
    ],
    ids=["html", "no-hourly", "short-series", "text-value"],
)
async def test_malformed_answers_are_refused_whole(transport, body: bytes, reason: str) -> None:
    async with OpenMeteo(body_override=body) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server), transport)
    assert reason in str(caught.value)
    assert caught.value.retryable is False
