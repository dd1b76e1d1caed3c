"""The contract between the scheduler and a pull source: a window in, points out, nothing stored by the source."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from interlink.sdk.manifest import Property, PropertyType
from interlink.sdk.sending import Transport


@dataclass(frozen=True)
class Point:
    """One measurement as a source reports it: the external id says whose it is, a mapping says which resource."""

    external_id: str
    metric: str
    time: datetime
    value: float
    unit: str | None = None


@dataclass(frozen=True)
class Target:
    """A mapped resource a source addresses itself (a weather source asks about each Place's coordinates)."""

    external_id: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class PullWindow:
    """What a source is asked for: its configuration, the mapped targets and the time range ``[start, end)``.

    ``state`` is what the source kept from its last successful scheduled pull (e.g. HTTP validators); what it
    leaves there is saved with that pull's points.
    """

    config: Mapping[str, Any]
    start: datetime
    end: datetime
    targets: tuple[Target, ...] = ()
    backfill: bool = False
    state: dict[str, Any] = field(default_factory=dict)  # kept between scheduled pulls; a source may update it


class PullError(Exception):
    """A pull that brought no usable data; ``retryable`` failures are tried again later, the rest wait for a fix.

    ``detail`` is safe to show: it never holds a credential or the URL it called.
    """

    def __init__(
        self, detail: str, *, retryable: bool = True, retry_after: float | None = None, status_code: int | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retryable = retryable
        self.retry_after = retry_after
        self.status_code = status_code

    def __str__(self) -> str:
        return self.detail


class Source(Protocol):
    """A polled source: asked for one window at a time; ``chunk`` is how much one backfill step asks for."""

    chunk: timedelta

    async def pull(self, window: PullWindow, transport: Transport) -> list[Point]: ...

    def problems(self, config: Mapping[str, Any]) -> dict[str, str]:
        """Property keys whose values this source cannot use, with the reason (checked when saved)."""
        ...


Emit = Callable[[list[Point]], Awaitable[None]]


class Subscriber(Protocol):
    """A source that pushes: held open by one worker, points handed to ``emit`` as they arrive."""

    async def subscribe(
        self, config: Mapping[str, Any], transport: Transport, emit: Emit, report: Callable[[str | None], None]
    ) -> None:
        """Run until cancelled; ``report`` a problem (or None once healthy) so it shows on the integration."""
        ...

    def problems(self, config: Mapping[str, Any]) -> dict[str, str]: ...


def schedule_properties(every_seconds: int) -> tuple[Property, ...]:
    """The schedule every polled type takes: an interval, or a cron expression read in a time zone."""
    return (
        Property(
            "pollInterval",
            PropertyType.INTEGER,
            "Poll every (seconds)",
            description="How often to pull, in seconds (at least 10); ignored when a cron expression is set.",
            default=every_seconds,
        ),
        Property(
            "cron", PropertyType.STRING, "Cron schedule", description="e.g. '*/15 * * * *'; overrides the interval."
        ),
        Property(
            "timezone", PropertyType.STRING, "Time zone", description="IANA name the cron is read in.", default="UTC"
        ),
    )
