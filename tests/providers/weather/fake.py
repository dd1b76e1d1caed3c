"""A local Open-Meteo: /v1/forecast and /v1/archive answer as the public docs describe, errors included.

Parameters are checked the way the server does (``ForecastapiQuery.swift``): unknown variables and a lone
``start_date`` are 400 with ``{"error": true, "reason": …}``; the archive requires both dates.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from aiohttp import web

KNOWN = {"temperature_2m", "relative_humidity_2m", "wind_speed_10m", "shortwave_radiation", "precipitation"}
UNITS = {
    "temperature_2m": "°C",
    "relative_humidity_2m": "%",
    "wind_speed_10m": "km/h",
    "shortwave_radiation": "W/m²",
    "precipitation": "mm",
}


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": True, "reason": reason}, status=status)


@dataclass
class OpenMeteo:
    """Answers from a formula (temperature = 10 + hours since 2024-01-01 / 100); scripted failures go first."""

    api_key: str | None = None
    failures: list[web.Response] = field(default_factory=list)
    body_override: bytes | None = None
    requests: list[web.Request] = field(default_factory=list)
    hold_after: int | None = None  # requests past this many wait for ``release`` (a source that stalls)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> OpenMeteo:
        app = web.Application()
        app.router.add_get("/v1/forecast", self._forecast)
        app.router.add_get("/v1/archive", self._archive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._runner is not None
        self.release.set()
        await self._runner.cleanup()

    async def wait_for(self, count: int, timeout: float = 10.0) -> None:
        """Wait until at least ``count`` requests arrived."""
        async with asyncio.timeout(timeout):
            while len(self.requests) < count:
                self.arrived.clear()
                await self.arrived.wait()

    async def _forecast(self, request: web.Request) -> web.Response:
        return await self._answer(request, archive=False)

    async def _archive(self, request: web.Request) -> web.Response:
        return await self._answer(request, archive=True)

    async def _answer(self, request: web.Request, *, archive: bool) -> web.Response:
        self.requests.append(request)
        self.arrived.set()
        if self.hold_after is not None and len(self.requests) > self.hold_after:
            await self.release.wait()
        if self.failures:
            return self.failures.pop(0)
        query = request.query
        if self.api_key is not None and query.get("apikey") != self.api_key:
            return _error(401, "API key is invalid")
        for name in ("latitude", "longitude"):
            if name not in query:
                return _error(400, f"Parameter '{name}' is required")
        variables = [v for v in query.get("hourly", "").split(",") if v]
        for variable in variables:
            if variable not in KNOWN:
                return _error(
                    400, f"Cannot initialize WeatherVariable from invalid String value {variable} for key hourly"
                )
        has_start, has_end = "start_date" in query, "end_date" in query
        if has_start != has_end or (archive and not has_start):
            return _error(400, "Both 'start_date' and 'end_date' must be set in the url")
        if self.body_override is not None:
            return web.Response(body=self.body_override, content_type="application/json")
        first = date.fromisoformat(query["start_date"]) if has_start else date(2024, 1, 1)
        last = date.fromisoformat(query["end_date"]) if has_end else first + timedelta(days=6)
        unix = query.get("timeformat") == "unixtime"
        start = datetime(first.year, first.month, first.day, tzinfo=UTC)
        hours = ((last - first).days + 1) * 24
        moments = [start + timedelta(hours=h) for h in range(hours)]
        hourly: dict[str, list[object]] = {
            "time": [int(m.timestamp()) if unix else m.strftime("%Y-%m-%dT%H:%M") for m in moments]
        }
        base = datetime(2024, 1, 1, tzinfo=UTC)
        for variable in variables:
            values: list[object] = []
            for m in moments:
                hour = (m - base).total_seconds() / 3600
                values.append(None if variable == "wind_speed_10m" and m.hour == 3 else round(10 + hour / 100, 2))
            hourly[variable] = values
        units = {"time": "unixtime" if unix else "iso8601", **{v: UNITS[v] for v in variables}}
        return web.json_response(
            {
                "latitude": float(query["latitude"]),
                "longitude": float(query["longitude"]),
                "generationtime_ms": 0.1,
                "utc_offset_seconds": 0,
                "timezone": "GMT",
                "timezone_abbreviation": "GMT",
                "elevation": 38.0,
                "hourly_units": units,
                "hourly": hourly,
            }
        )


def rate_limited() -> web.Response:
    """Open-Meteo's minutely limit: 429 with a reason and no Retry-After."""
    return _error(429, "Minutely API request limit exceeded. Please try again in one minute.")
