"""A pull integration's schedule as the user sees it: when it runs next, how the last run went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from interlink.core.errors import Unprocessable, invalid
from interlink.services import pull_schedules
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView
from interlink.services.integrations import load
from interlink.services.viewing import of_row
from interlink.store import pull_jobs
from interlink.store.pull_tables import PullJob
from interlink.store.tables import Integration


@dataclass(frozen=True, slots=True)
class JobView:
    """How a pull job stands: its state, next run and the last runs' results."""

    status: str
    run_at: datetime
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failures: int
    pulled_until: datetime | None
    runs: int
    points_written: int


@dataclass(frozen=True)
class ScheduleView:
    integration_id: str
    describe: str
    job: JobView | None


async def of(hub: Hub, record: IntegrationView) -> ScheduleView | None:
    """The schedule of an integration already read for the caller, or None for a type that does not pull."""
    if not pull_schedules.is_pull(hub, record.type):
        return None
    async with hub.db.read() as session:
        job = await pull_jobs.get(session, record.id)
    return _view(hub, record, job)


async def schedule(hub: Hub, caller: Caller, integration_id: str) -> ScheduleView:
    """The schedule of one of the caller's pull integrations (422 for a type that does not pull)."""
    caller.require(READ)
    async with hub.db.read() as session:
        record = await load(session, caller, integration_id)
        if not pull_schedules.is_pull(hub, record.type):
            raise invalid("integrationId", f"type {record.type} does not pull data")
        job = await pull_jobs.get(session, record.id)
    return _view(hub, record, job)


def _view(hub: Hub, record: IntegrationView | Integration, row: PullJob | None) -> ScheduleView:
    job = of_row(JobView, row) if row is not None else None
    if hub.registry.subscriber(record.type) is not None:
        return ScheduleView(record.id, "subscribed continuously", job)
    try:
        parsed = pull_schedules.parse(record.properties)
    except Unprocessable:
        return ScheduleView(record.id, "invalid", job)
    text = f"cron {parsed.cron} ({parsed.zone.key})" if parsed.cron else f"every {int(parsed.period.total_seconds())} s"
    return ScheduleView(record.id, text, job)
