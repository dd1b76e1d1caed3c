"""Pull schedules: an interval or a cron expression in a time zone, kept as one queue row per pull integration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import FieldError, Unprocessable
from interlink.core.timeutil import utcnow
from interlink.services.hub import Hub
from interlink.store import pull_jobs
from interlink.store.tables import Integration

MIN_INTERVAL = 10
DEFAULT_INTERVAL = 900
MAX_BACKOFF = timedelta(hours=1)
FIRST_BACKOFF = timedelta(seconds=30)


@dataclass(frozen=True)
class Schedule:
    """When ticks fall: every ``interval`` (aligned to the epoch, so every process agrees) or per ``cron``."""

    interval: timedelta | None
    cron: str | None
    zone: ZoneInfo

    def next_after(self, moment: datetime) -> datetime:
        """The first tick strictly after ``moment``: ticks missed before it collapse into none."""
        if self.cron:
            local = moment.astimezone(self.zone)
            following: datetime = croniter(self.cron, local).get_next(datetime)
            return following.astimezone(UTC)
        assert self.interval is not None
        step = self.interval.total_seconds()
        ticks = int(moment.timestamp() // step) + 1
        return datetime.fromtimestamp(ticks * step, UTC)

    @property
    def period(self) -> timedelta:
        """About how long between ticks (for a cron, the gap after an arbitrary start)."""
        if self.interval is not None:
            return self.interval
        start = datetime(2025, 1, 6, tzinfo=UTC)
        first = self.next_after(start)
        return self.next_after(first) - first


def parse(properties: dict[str, Any]) -> Schedule:
    """Read the schedule properties; a 422 names the property that is wrong."""
    zone_name = properties.get("timezone") or "UTC"
    try:
        zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad("timezone", f"{str(zone_name)[:64]!r} is not an IANA time zone name") from None
    cron = properties.get("cron")
    if cron:
        if not isinstance(cron, str) or not croniter.is_valid(cron) or len(cron.split()) != 5:
            raise _bad("cron", "must be a five-field cron expression, e.g. '*/15 * * * *'")
        return Schedule(None, cron, zone)
    every = properties.get("pollInterval", DEFAULT_INTERVAL)
    if every is None:
        every = DEFAULT_INTERVAL
    if not isinstance(every, int) or isinstance(every, bool) or every < MIN_INTERVAL:
        raise _bad("pollInterval", f"must be a whole number of seconds, at least {MIN_INTERVAL}")
    return Schedule(timedelta(seconds=every), None, zone)


def backoff(failures: int, retry_after: float | None, period: timedelta) -> timedelta:
    """After ``failures`` failures in a row: 30 s doubling to an hour, never sooner than ``Retry-After``."""
    delay = min(FIRST_BACKOFF * (2 ** max(0, failures - 1)), MAX_BACKOFF)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(retry_after, 86_400)))
    wait: timedelta = max(delay, min(period, MAX_BACKOFF)) if failures > 3 else delay
    return wait


def _bad(key: str, message: str) -> Unprocessable:
    return Unprocessable(f"properties.{key} {message}", [FieldError(f"properties.{key}", message)])


def is_pull(hub: Hub, type_id: str) -> bool:
    """Whether the type pulls data in (a polled source or a subscription)."""
    return hub.registry.source(type_id) is not None or hub.registry.subscriber(type_id) is not None


async def on_saved(hub: Hub, session: AsyncSession, record: Integration) -> None:
    """Keep the schedule in step with a saved integration: refuse a bad setup, queue a pull now, or pause."""
    if not is_pull(hub, record.type):
        return
    now = utcnow()
    if record.deleted or not record.active:
        await pull_jobs.pause(session, record.id, now)
        return
    parse(record.properties)
    plugin = hub.registry.source(record.type) or hub.registry.subscriber(record.type)
    problems = plugin.problems(record.properties) if plugin is not None else {}
    if problems:
        errors = [FieldError(f"properties.{key}", message) for key, message in sorted(problems.items())]
        raise Unprocessable(
            "Some properties cannot be used: " + "; ".join(f"{e.path} {e.message}" for e in errors), errors
        )
    await pull_jobs.schedule(session, record.id, record.environment_id, now, now)
