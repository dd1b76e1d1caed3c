"""Open-Meteo hourly data as points: one request per mapped Place, each hourly variable paired with hourly.time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from interlink.sdk import Point, PullError, PullWindow, Target, Transport
from interlink.sdk.fetching import fetch

SERVICE = "the weather API"
VARIABLES = {
    "temperature_2m": "temperature",
    "relative_humidity_2m": "humidity",
    "wind_speed_10m": "wind_speed",
    "shortwave_radiation": "irradiance",
    "precipitation": "precipitation",
}


class WeatherSource:
    """Forecast endpoint for scheduled pulls, archive endpoint for backfills."""

    chunk = timedelta(days=31)

    def problems(self, config: Mapping[str, Any]) -> dict[str, str]:
        return {}

    async def pull(self, window: PullWindow, transport: Transport) -> list[Point]:
        points: list[Point] = []
        for target in window.targets:
            if target.latitude is None or target.longitude is None:
                continue
            points.extend(await self._one(window, target, transport))
        return points

    async def _one(self, window: PullWindow, target: Target, transport: Transport) -> list[Point]:
        base = str(window.config.get("archiveUrl" if window.backfill else "baseUrl") or "").rstrip("/")
        path = "/v1/archive" if window.backfill else "/v1/forecast"
        last = window.end - timedelta(milliseconds=1)
        params = {
            "latitude": f"{target.latitude:.6g}",
            "longitude": f"{target.longitude:.6g}",
            "hourly": ",".join(VARIABLES),
            "start_date": window.start.astimezone(UTC).date().isoformat(),
            "end_date": last.astimezone(UTC).date().isoformat(),
            "timeformat": "unixtime",
            "timezone": "GMT",
        }
        if window.config.get("apiKey"):
            params["apikey"] = str(window.config["apiKey"])
        try:
            answer = await fetch(transport, base + path, service=SERVICE, params=params)
        except PullError as exc:
            raise PullError(
                f"{exc.detail} for {target.external_id}",
                retryable=exc.retryable,
                retry_after=exc.retry_after,
                status_code=exc.status_code,
            ) from None
        return parse(answer.body, target.external_id, window.start, window.end)


def parse(body: bytes, external_id: str, start: datetime, end: datetime) -> list[Point]:
    """Points in ``[start, end)``; a body that is not an Open-Meteo hourly document is refused whole."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise PullError(f"{SERVICE} answered with something that is not JSON", retryable=False) from None
    hourly = document.get("hourly") if isinstance(document, dict) else None
    times = hourly.get("time") if isinstance(hourly, dict) else None
    if not isinstance(hourly, dict) or not isinstance(times, list):
        raise PullError(f"{SERVICE} answered without hourly.time; is baseUrl an Open-Meteo API?", retryable=False)
    units = document.get("hourly_units") if isinstance(document.get("hourly_units"), dict) else {}
    moments: list[datetime] = []
    for index, raw in enumerate(times):
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise PullError(f"{SERVICE} answered with a bad hourly.time[{index}]", retryable=False)
        try:
            moment = datetime.fromtimestamp(raw, UTC) if not isinstance(raw, str) else datetime.fromisoformat(raw)
        except (ValueError, OverflowError, OSError):
            raise PullError(f"{SERVICE} answered with a bad hourly.time[{index}]", retryable=False) from None
        moments.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    points: list[Point] = []
    for variable, metric in VARIABLES.items():
        values = hourly.get(variable)
        if values is None:
            continue
        if not isinstance(values, list) or len(values) != len(moments):
            raise PullError(f"{SERVICE} answered with hourly.{variable} not matching hourly.time", retryable=False)
        unit = units.get(variable) if isinstance(units.get(variable), str) else None
        for index, (moment, value) in enumerate(zip(moments, values, strict=True)):
            if value is None:
                continue  # a gap
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PullError(f"{SERVICE} answered with a bad hourly.{variable}[{index}]", retryable=False)
            if start <= moment < end:
                points.append(Point(external_id, metric, moment, float(value), unit))
    return points


SOURCE = WeatherSource()
