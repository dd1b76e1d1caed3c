"""Holding a subscription (MQTT): one worker at a time keeps it open under a lease it renews while it writes.

Points arrive in small batches; each batch is written only while the lease is still held, so a worker that
lost its lease (it stalled, another took over) stops without writing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from interlink.sdk import Point, Subscriber, Transport
from interlink.services import telemetry
from interlink.services.hub import Hub
from interlink.services.pull_context import PullSetup
from interlink.store import pull_jobs
from interlink.store import queue as queue_store
from interlink.store.pull_tables import PullJob

log = logging.getLogger("interlink.subscriptions")


class LeaseLost(Exception):
    """Another worker holds the subscription now, or it was paused."""


class Holder:
    """One held subscription: renews the lease, writes batches, and keeps the latest problem to show."""

    def __init__(self, hub: Hub, job: PullJob, owner: str, clock: Callable[[], datetime]) -> None:
        self.hub, self.job, self.owner, self.clock = hub, job, owner, clock
        self.lease = timedelta(seconds=hub.settings.lease_seconds)
        self.problem: str | None = None
        self.reported = False
        self.points = job.points_written

    def report(self, problem: str | None) -> None:
        if problem != self.problem:
            self.problem, self.reported = problem, False

    def status(self, now: datetime) -> dict[str, object]:
        changes: dict[str, object] = {"updated_at": now, "points_written": self.points}
        if not self.reported:
            changes["last_error"] = self.problem
            if self.problem:
                changes["last_error_at"] = now
            else:
                changes["last_success_at"] = now
            self.reported = True
        return changes

    async def emit(self, points: list[Point]) -> None:
        now = self.clock()
        async with self.hub.db.write() as session:
            if not await pull_jobs.renew(session, self.job.id, self.owner, now + self.lease, {}):
                raise LeaseLost
            done = await telemetry.ingest(session, self.job.environment_id, self.job.id, points, now)
            self.points += done.written
            await pull_jobs.renew(session, self.job.id, self.owner, now + self.lease, self.status(now))

    async def keep_lease(self) -> None:
        """Renew every third of the lease until the lease is lost."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            now = self.clock()
            async with self.hub.db.write() as session:
                if not await pull_jobs.renew(session, self.job.id, self.owner, now + self.lease, self.status(now)):
                    raise LeaseLost


async def hold(
    hub: Hub,
    transport: Transport,
    job: PullJob,
    owner: str,
    setup: PullSetup,
    subscriber: Subscriber,
    clock: Callable[[], datetime],
    stop: asyncio.Event,
) -> None:
    """Keep the subscription until ``stop``; then hand it back to the queue so another worker takes it at once."""
    holder = Holder(hub, job, owner, clock)
    delay = timedelta(0)
    tasks = [
        asyncio.create_task(subscriber.subscribe(setup.config, transport, holder.emit, holder.report)),
        asyncio.create_task(holder.keep_lease()),
        asyncio.create_task(stop.wait()),
    ]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if not task.cancelled() and isinstance(task.exception(), LeaseLost):
                log.info("subscription lease lost", extra={"integration": job.id})
                return
            if not task.cancelled() and task.exception() is not None:
                log.error("subscription ended", exc_info=task.exception(), extra={"integration": job.id})
                holder.report("the subscription failed unexpectedly; see the server log")
                delay = timedelta(seconds=30)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
    now = clock()
    async with hub.db.write() as session:
        row = {"id": job.id, "status": "queued", "lease_owner": None, "lease_until": None, "run_at": now + delay}
        await queue_store.finish_many(session, PullJob, owner, [{**row, **holder.status(now)}])
