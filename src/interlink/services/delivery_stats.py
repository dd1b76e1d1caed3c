"""Delivery figures a person reads: deliveries per minute by outcome, success rate and p95 latency per integration."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from interlink.core.timeutil import utcnow
from interlink.services.actions import ActionView
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.services.integrations import load
from interlink.services.viewing import of_row
from interlink.store import delivery_stats as store
from interlink.store.tables import DeliveryAttempt, Message

OUTCOMES = ("delivered", "retry", "failed")
MAX_ROWS = 100_000  # the window is read in full; this bounds one page view's cost


@dataclass(frozen=True)
class IntegrationFigures:
    """One integration's attempts in the window."""

    integration_id: str
    attempts: int
    delivered: int
    p95_ms: float | None

    @property
    def success_rate(self) -> float:
        return self.delivered / self.attempts if self.attempts else 0.0


@dataclass
class Overview:
    """Per-minute counts by outcome (oldest minute first) and per-integration figures over ``hours``."""

    start: datetime
    minutes: int
    counts: dict[str, list[int]] = field(default_factory=dict)
    integrations: list[IntegrationFigures] = field(default_factory=list)
    truncated: bool = False

    @property
    def total(self) -> int:
        return sum(sum(v) for v in self.counts.values())


def p95(values: list[float]) -> float | None:
    """The 95th percentile by the nearest-rank method, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


async def overview(hub: Hub, caller: Caller, *, hours: int = 3, now: datetime | None = None) -> Overview:
    caller.require(READ)
    end = (now or utcnow()).replace(second=0, microsecond=0) + timedelta(minutes=1)
    start = end - timedelta(hours=hours)
    async with hub.db.read() as session:
        rows = await store.attempts_since(session, caller.environment_id, start, MAX_ROWS)
    minutes = hours * 60
    out = Overview(start, minutes, {o: [0] * minutes for o in OUTCOMES}, truncated=len(rows) >= MAX_ROWS)
    durations: dict[str, list[float]] = {}
    delivered: dict[str, int] = {}
    attempts: dict[str, int] = {}
    for at, outcome, integration_id, duration in rows:
        index = int((at.replace(tzinfo=start.tzinfo) - start).total_seconds() // 60)
        if 0 <= index < minutes and outcome in out.counts:
            out.counts[outcome][index] += 1
        key = integration_id or "-"
        attempts[key] = attempts.get(key, 0) + 1
        delivered[key] = delivered.get(key, 0) + (outcome == "delivered")
        if duration is not None:
            durations.setdefault(key, []).append(duration)
    out.integrations = [
        IntegrationFigures(key, attempts[key], delivered[key], p95(durations.get(key, []))) for key in sorted(attempts)
    ]
    return out


async def last_deliveries(hub: Hub, caller: Caller, integration_ids: list[str]) -> dict[str, tuple[datetime, str]]:
    """When each integration last attempted a delivery, and how it went."""
    caller.require(READ)
    async with hub.db.read() as session:
        return await store.last_attempts(session, caller.environment_id, integration_ids)


async def recent_actions(hub: Hub, caller: Caller, integration_id: str, limit: int = 10) -> list[ActionView]:
    """An integration's latest actions (test sends, backfills), newest first; 404 outside the environment."""
    caller.require(READ)
    async with hub.db.read() as session:
        record = await load(session, caller, integration_id)
        rows = await store.recent_actions(session, caller.environment_id, record.id, limit)
    return [of_row(ActionView, r) for r in rows]


async def delivery_log(
    hub: Hub, caller: Caller, integration_id: str, limit: int = 25
) -> list[tuple[DeliveryAttempt, Message]]:
    """An integration's delivery log: its latest attempts with their messages; 404 outside the environment."""
    caller.require(READ)
    async with hub.db.read() as session:
        record = await load(session, caller, integration_id)
        return await store.attempts_through(session, caller.environment_id, record.id, limit)
