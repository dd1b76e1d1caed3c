"""Scheduled pulls: claim due schedules with a lease, pull one window, write its points and the next tick at once.

Each tick runs once however many workers claim, since the claim is exclusive and the next run time is written
with the points. A tick missed while everything was down runs once on start, covering the whole gap.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from interlink.core.errors import Unprocessable
from interlink.core.timeutil import utcnow
from interlink.core.tracing import new_trace_id, reset_trace_id, set_trace_id
from interlink.sdk import PullError, PullWindow, Transport
from interlink.services import pull_context, pull_schedules, subscriptions, telemetry
from interlink.services.hub import Hub
from interlink.store import pull_jobs
from interlink.store import queue as queue_store
from interlink.store.pull_tables import PullJob

log = logging.getLogger("interlink.pulls")
Clock = Callable[[], datetime]
FIRST_WINDOW = timedelta(days=1)
MAX_CATCH_UP = timedelta(days=7)


async def claim(hub: Hub, owner: str, now: datetime, limit: int = 4) -> list[PullJob]:
    """Lease due schedules (or ones whose holder died) to ``owner``."""
    lease = timedelta(seconds=hub.settings.lease_seconds)
    async with hub.db.write() as session:
        return await queue_store.claim(session, PullJob, owner, now, lease, limit)


async def run_due(hub: Hub, transport: Transport, owner: str, clock: Clock = utcnow) -> int:
    """Claim what is due now and run it to the end (subscriptions excepted); returns how many ran."""
    jobs = await claim(hub, owner, clock())
    await asyncio.gather(*(run(hub, transport, job, owner, clock) for job in jobs))
    return len(jobs)


async def run(
    hub: Hub, transport: Transport, job: PullJob, owner: str, clock: Clock = utcnow, stop: asyncio.Event | None = None
) -> None:
    """Run one claimed schedule: a window pull, or holding a subscription until ``stop`` or the lease is lost."""
    token = set_trace_id(new_trace_id())
    try:
        setup = await pull_context.load(hub, job.id)
        if setup is None:
            await _finish(hub, job, owner, {"status": "paused"}, clock())
            return
        subscriber = hub.registry.subscriber(setup.integration.type)
        if subscriber is not None:
            await subscriptions.hold(hub, transport, job, owner, setup, subscriber, clock, stop or asyncio.Event())
            return
        await _pull_once(hub, transport, job, owner, setup, clock)
    finally:
        reset_trace_id(token)


async def _pull_once(
    hub: Hub, transport: Transport, job: PullJob, owner: str, setup: pull_context.PullSetup, clock: Clock
) -> None:
    source = hub.registry.source(setup.integration.type)
    now = clock()
    try:
        schedule = pull_schedules.parse(setup.integration.properties)
    except Unprocessable:  # saved before a rule tightened: keep pulling on the default interval
        schedule = pull_schedules.parse({})
    start = max(job.pulled_until or now - FIRST_WINDOW, now - MAX_CATCH_UP)
    window = PullWindow(setup.config, start, now, setup.targets, state=dict(job.state or {}))
    try:
        if source is None:
            raise PullError(f"type {setup.integration.type} cannot pull", retryable=False)
        points = await source.pull(window, transport)
    except PullError as exc:
        failures = job.failures + 1
        delay = pull_schedules.backoff(failures, exc.retry_after, schedule.period)
        changes = {"failures": failures, "last_error": exc.detail, "last_error_at": now, "run_at": now + delay}
        log.warning("pull failed", extra={"integration": job.id, "error": exc.detail, "failures": failures})
        await _finish(hub, job, owner, {**changes, "last_run_at": now, "runs": job.runs + 1}, now)
        return
    except Exception:
        log.exception("pull crashed", extra={"integration": job.id})
        failures = job.failures + 1
        changes = {"failures": failures, "last_error": "the source failed unexpectedly; see the server log"}
        delay = pull_schedules.backoff(failures, None, schedule.period)
        await _finish(hub, job, owner, {**changes, "last_error_at": now, "run_at": now + delay}, now)
        return
    async with hub.db.write() as session:
        if not await pull_jobs.held(session, job.id, owner):
            return  # paused or taken over meanwhile: write nothing
        done = await telemetry.ingest(session, job.environment_id, job.id, points, now)
        changes = {
            "failures": 0,
            "last_error": None,
            "last_run_at": now,
            "last_success_at": now,
            "pulled_until": now,
            "state": window.state,
            "runs": job.runs + 1,
            "points_written": job.points_written + done.written,
            "run_at": schedule.next_after(now),
        }
        await queue_store.finish_many(session, PullJob, owner, [_queued(job, changes, now)])


def _queued(job: PullJob, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
    base = {"id": job.id, "status": "queued", "lease_owner": None, "lease_until": None, "updated_at": now}
    return {**base, **changes}


async def _finish(hub: Hub, job: PullJob, owner: str, changes: dict[str, Any], now: datetime) -> None:
    async with hub.db.write() as session:
        row = _queued(job, changes, now)
        if changes.get("status") == "paused":
            row["status"] = "paused"
        await queue_store.finish_many(session, PullJob, owner, [row])
