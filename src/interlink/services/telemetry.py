"""Telemetry: points reach a Place or Thing through the integration's resource mappings; reads are raw or bucketed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import NotFound, invalid
from interlink.core.timeutil import iso
from interlink.sdk import Point
from interlink.services import resources
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.services.integrations import load
from interlink.services.viewing import of_row
from interlink.store import resources as resource_store
from interlink.store import telemetry as store

MAX_RAW = 10_000
MAX_BUCKETS = 100_000
_STEP = re.compile(r"^(\d{1,6})(ms|s|m|h|d|w)$")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


@dataclass(frozen=True, slots=True)
class UnmappedView:
    """An external id a source reported that no mapping names, as the faces show it."""

    external_id: str
    points: int
    sample: dict[str, Any]
    first_seen: datetime
    last_seen: datetime


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, UTC)


@dataclass(frozen=True)
class Ingested:
    """What one write did: points stored, and points whose external id no mapping names."""

    written: int
    unmapped: int


async def ingest(
    session: AsyncSession, environment_id: str, integration_id: str, points: Sequence[Point], now: datetime
) -> Ingested:
    """Store points in the caller's transaction; unmapped external ids are counted, not dropped silently."""
    if not points:
        return Ingested(0, 0)
    mapped = {m.external_id: m.resource_path for m in await resource_store.mappings(session, integration_id)}
    rows: list[dict[str, Any]] = []
    unmapped: dict[str, tuple[int, dict[str, Any]]] = {}
    for point in points:
        path = mapped.get(point.external_id)
        if path is None:
            count, _ = unmapped.get(point.external_id, (0, {}))
            sample = {"metric": point.metric, "time": iso(point.time), "value": point.value, "unit": point.unit}
            unmapped[point.external_id] = (count + 1, sample)
            continue
        rows.append(
            {
                "environment_id": environment_id,
                "resource_path": path,
                "metric": point.metric,
                "ts": epoch_ms(point.time),
                "source": integration_id,
                "value": point.value,
                "unit": point.unit,
                "external_id": point.external_id,
            }
        )
    written = await store.upsert_points(session, rows)
    await store.note_unmapped(session, environment_id, integration_id, unmapped, now)
    await store.forget_unmapped(session, integration_id, sorted({r["external_id"] for r in rows}))
    return Ingested(written, sum(count for count, _ in unmapped.values()))


def parse_step(step: str) -> int:
    """``15m``, ``1h``, ``1d``, ``1w`` … as milliseconds (422 on ``step`` otherwise)."""
    match = _STEP.match(step.strip())
    if not match or int(match[1]) == 0:
        raise invalid("step", "must be a positive number followed by ms, s, m, h, d or w, e.g. 15m or 1d")
    return int(match[1]) * _UNIT_MS[match[2]]


async def _resource_path(session: AsyncSession, caller: Caller, path: str) -> str:
    parsed = resources.parse(path)
    if isinstance(parsed, str):
        raise invalid("path", parsed)
    found = await resources.resolve(session, caller.environment_id, path)
    if isinstance(found, str):
        raise NotFound(f"Resource {parsed!s} not found")
    return str(found[0])


@dataclass(frozen=True)
class Query:
    path: str
    metric: str
    start: datetime
    end: datetime
    step: str | None = None
    source: str | None = None
    limit: int = 1000


async def read(hub: Hub, caller: Caller, query: Query) -> dict[str, Any]:
    """Points of one series in ``[from, to)``, raw (paged by ``nextFrom``) or one row per step."""
    caller.require(READ)
    if query.end <= query.start:
        raise invalid("to", "must be after from")
    step_ms = parse_step(query.step) if query.step else None
    start, end = epoch_ms(query.start), epoch_ms(query.end)
    if step_ms is not None and (end - start) // step_ms > MAX_BUCKETS:
        raise invalid("step", f"makes more than {MAX_BUCKETS} buckets over this range; choose a larger step")
    async with hub.db.read() as session:
        path = await _resource_path(session, caller, query.path)
        series = store.Series(caller.environment_id, path, query.metric, start, end, query.source)
        out: dict[str, Any] = {"path": path, "metric": query.metric, "from": iso(query.start), "to": iso(query.end)}
        if step_ms is None:
            rows = await store.raw(session, series, query.limit + 1)
            more = len(rows) > query.limit
            rows = rows[: query.limit]
            out["data"] = [{"time": iso(from_ms(t)), "value": v, "unit": u, "source": s} for t, v, u, s in rows]
            out["nextFrom"] = iso(from_ms(rows[-1][0] + 1)) if more and rows else None
            return out
        buckets = await store.buckets(session, series, step_ms)
    out["step"] = query.step
    out["data"] = [
        {"time": iso(from_ms(b)), "min": lo, "max": hi, "mean": mean, "sum": total, "count": count}
        for b, lo, hi, mean, total, count in buckets
    ]
    return out


async def metrics(hub: Hub, caller: Caller, path: str) -> dict[str, Any]:
    """What a resource has: each metric with its unit, point count and time span."""
    caller.require(READ)
    async with hub.db.read() as session:
        resource_path = await _resource_path(session, caller, path)
        rows = await store.metrics(session, caller.environment_id, resource_path)
    return {
        "path": resource_path,
        "data": [
            {"metric": m, "unit": u, "count": n, "first": iso(from_ms(lo)), "last": iso(from_ms(hi))}
            for m, u, n, lo, hi in rows
        ],
    }


async def unmapped(hub: Hub, caller: Caller, integration_id: str) -> list[UnmappedView]:
    """External ids an integration reported that no mapping names (mapped since: left out)."""
    caller.require(READ)
    async with hub.db.read() as session:
        integration = await load(session, caller, integration_id)
        mapped = {m.external_id for m in await resource_store.mappings(session, integration.id)}
        rows = await store.unmapped(session, integration.id)
    return [of_row(UnmappedView, row) for row in rows if row.external_id not in mapped]
