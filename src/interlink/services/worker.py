"""The worker: claims due messages, actions and pull schedules, runs them concurrently, records results in batches.

Any number of workers (in ``interlink serve`` or ``interlink worker`` processes) share one database.
A claim is a lease: if a worker dies, its rows become due again when the lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from interlink.core import metrics
from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.queue.breaker import Guards
from interlink.queue.policy import RetryPolicy
from interlink.queue.transport import HttpTransport
from interlink.services import actions, credential_checks, escalation, inbound_processing, pulls
from interlink.services.delivery import Completion, Deliverer
from interlink.services.hub import Hub
from interlink.store import dead_targets as dead_store
from interlink.store import inbox
from interlink.store import messages as message_store
from interlink.store import queue as queue_store
from interlink.store.messages import CHANNEL
from interlink.store.pull_tables import PullJob
from interlink.store.queue import ClaimedMessage
from interlink.store.sqlite_queue import SqliteQueue
from interlink.store.tables import Action, Message

log = logging.getLogger("interlink.worker")
MAX_CLAIM = 500
MAX_WRITE_BATCH = 1000
MAX_INBOUND_BATCH = 50
RECHECK_EVERY = 3600.0


class Worker:
    """One worker loop; ``run`` returns after ``stop`` is set and in-flight work is finished or handed back."""

    def __init__(self, hub: Hub, *, concurrency: int | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        settings = hub.settings
        self.hub = hub
        self.clock = clock
        self._stop = asyncio.Event()
        self.owner = new_id("wrk")
        self.concurrency = concurrency or settings.worker_concurrency
        self.lease = timedelta(seconds=settings.lease_seconds)
        self.poll = settings.poll_seconds
        self.transport = HttpTransport(
            allow_private=settings.allow_private_networks, timeout=settings.send_timeout, allow=settings.outbound_allow
        )
        self.guards = Guards(settings.breaker_threshold, settings.breaker_cooldown)
        metrics.watch_breakers(self.guards)
        self.deliverer = Deliverer(hub, self.transport, self.guards, RetryPolicy.parse(settings.retry_schedule))
        self._direct = SqliteQueue.of(hub.db)  # messages claimed and finished in one whole write each on SQLite
        self._inflight: dict[str, asyncio.Task[None]] = {}
        self._room = asyncio.Event()
        self._refill = max(1, self.concurrency // 4)
        self._results: asyncio.Queue[Completion | None] = asyncio.Queue()
        self.delivered = 0
        self._recheck_at = time.monotonic() + RECHECK_EVERY  # credentials are re-checked daily, queued from here
        self._others_at = 0.0  # when the queues besides messages are next looked at without a wakeup

    async def _claim(self, table: Any, limit: int) -> list[Any]:
        if table is Message and self._direct is not None:
            return await self._direct.claim(self.owner, self.clock(), self.lease, limit)
        async with self.hub.db.write() as session:
            now = self.clock()
            if table is Message:
                await message_store.recover_expired(session, now)  # a dead worker's try counts and is logged
                return await queue_store.claim_messages(session, self.owner, now, self.lease, limit)
            return await queue_store.claim(session, table, self.owner, now, self.lease, limit)

    def _spawn(self, key: str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        task = asyncio.create_task(work())
        self._inflight[key] = task
        task.add_done_callback(lambda _: self._finished(key))

    def _finished(self, key: str) -> None:
        self._inflight.pop(key, None)
        if len(self._inflight) <= self.concurrency - self._refill:
            self._room.set()

    async def _deliver(self, message: ClaimedMessage) -> None:
        self._results.put_nowait(await self.deliverer.deliver(message))  # unbounded: never waits

    async def _act(self, action: Action) -> None:
        changes, stored = await actions.run(self.hub, self.deliverer, action)
        async with self.hub.db.write() as session:
            held = await queue_store.finish_many(session, Action, self.owner, [{"id": action.id, **changes}])
            if stored and action.id in held:
                await inbox.add_for_messages(
                    session, [(action.environment_id, action.id, stored["integrationId"], stored)]
                )
        if stored:
            self.hub.notify_inbox()

    async def _write_results(self) -> None:
        """Record completions, many per transaction, so the database keeps up with the senders."""
        while True:
            first = await self._results.get()
            if first is None:
                return
            batch = [first]
            while not self._results.empty() and len(batch) < MAX_WRITE_BATCH:
                item = self._results.get_nowait()
                if item is None:
                    await self._results.put(None)
                    break
                batch.append(item)
            await self._write(batch)

    async def _write(self, batch: list[Completion]) -> None:
        for delay in (0.1, 0.5, 2.0, 5.0, None):
            try:
                changes = [{"id": c.message_id, **c.changes} for c in batch]
                if self._direct is not None and not any(c.stored or c.dead for c in batch):
                    await self._direct.finish(self.owner, changes, [a for c in batch for a in c.attempts])
                    self.delivered += sum(1 for c in batch if c.changes.get("status") == "delivered")
                    return
                async with self.hub.db.write() as session:
                    held = await queue_store.finish_many(session, Message, self.owner, changes)
                    await message_store.add_attempts(session, [a for c in batch for a in c.attempts])
                    entries = [
                        (c.stored["environmentId"], c.message_id, c.stored.get("integrationId"), c.stored)
                        for c in batch
                        if c.stored and c.message_id in held
                    ]
                    await inbox.add_for_messages(session, entries)
                    await dead_store.add(session, [d for c in batch if c.message_id in held for d in c.dead])
                self.delivered += sum(1 for c in batch if c.changes.get("status") == "delivered")
                if entries:
                    self.hub.notify_inbox()
                return
            except Exception:
                if delay is None:
                    log.exception("could not record %d delivery results; their leases will expire", len(batch))
                    return
                log.warning("recording delivery results failed; retrying", exc_info=True)
                await asyncio.sleep(delay)

    async def _listen(self) -> None:
        """On PostgreSQL, wake up when another process queues work."""
        if self.hub.db.is_sqlite:
            return
        async with self.hub.db.write_engine.connect() as conn:
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection

            def wake(*_: object) -> None:
                self.hub.notify_work()

            await driver.add_listener(CHANNEL, wake)
            try:
                await asyncio.Event().wait()
            finally:
                with contextlib.suppress(Exception):
                    await driver.remove_listener(CHANNEL, wake)

    async def run(self, stop: asyncio.Event, grace: float = 10.0) -> None:
        self._stop = stop
        writer = asyncio.create_task(self._write_results())
        listener = asyncio.create_task(self._listen())
        log.info("worker started", extra={"worker": self.owner, "concurrency": self.concurrency})
        try:
            while not stop.is_set():
                woken = self.hub.wakeup.is_set()
                self.hub.wakeup.clear()
                await self._queue_rechecks()
                claimed = await self._claim_round(everything=woken or time.monotonic() >= self._others_at)
                if stop.is_set():
                    break
                full = len(self._inflight) >= self.concurrency
                if claimed and not full:
                    continue
                waits = [asyncio.create_task(self.hub.wakeup.wait()), asyncio.create_task(stop.wait())]
                if full:
                    # Refill in chunks: claiming one row per finished delivery would cost a write each.
                    self._room.clear()
                    waits.append(asyncio.create_task(self._room.wait()))
                _, pending = await asyncio.wait(waits, timeout=self.poll, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
        finally:
            await self._shutdown(grace, writer, listener)

    async def _queue_rechecks(self) -> None:
        """Hourly: queue a credential check for each integration not checked in the last day."""
        if time.monotonic() < self._recheck_at:
            return
        self._recheck_at = time.monotonic() + RECHECK_EVERY
        try:
            await credential_checks.queue_due(self.hub)
        except Exception:
            log.exception("queueing credential re-checks failed; trying again in an hour")

    async def _claim_round(self, everything: bool = True) -> int:
        """Claim messages; with ``everything``, also actions, pulls, stored webhooks and due escalations.

        Refills while messages stream in claim messages only: the other queues are looked at on a wakeup
        and at least every poll interval, not once per few dozen deliveries.
        """
        free = self.concurrency - len(self._inflight)
        if free <= 0:
            return 0
        try:
            messages = await self._claim(Message, min(free, MAX_CLAIM))
            for message in messages:
                self._spawn(message.id, partial(self._deliver, message))
            if not everything:
                return len(messages)
            self._others_at = time.monotonic() + self.poll
            due_actions = await self._claim(Action, 4) if len(self._inflight) < self.concurrency else []
            for action in due_actions:
                self._spawn(action.id, partial(self._act, action))
            due_pulls = await self._claim(PullJob, 4) if len(self._inflight) < self.concurrency else []
            for job in due_pulls:
                self._spawn(
                    job.id, partial(pulls.run, self.hub, self.transport, job, self.owner, self.clock, self._stop)
                )
            inbound = await self._claim_inbound()
            paged = await escalation.run_due(self.hub, self.owner, self.clock(), self.lease)
        except Exception:
            log.exception("claiming work failed; trying again shortly")
            await asyncio.sleep(self.poll)
            return 0
        return len(messages) + len(due_actions) + len(due_pulls) + inbound + paged

    async def _claim_inbound(self) -> int:
        """Stored webhooks become alerts in batches: one task, one transaction per batch."""
        if len(self._inflight) >= self.concurrency:
            return 0
        batch = await inbound_processing.claim(self.hub, self.owner, self.lease, MAX_INBOUND_BATCH)
        if batch:
            self._spawn(
                f"inbound:{batch[0].id}",
                partial(inbound_processing.process, self.hub, self.owner, batch, self.transport),
            )
        return len(batch)

    async def _shutdown(self, grace: float, writer: asyncio.Task[None], listener: asyncio.Task[None]) -> None:
        """Finish what is in flight within ``grace`` seconds; hand the rest back to the queue."""
        if self._inflight:
            await asyncio.wait(list(self._inflight.values()), timeout=grace)
        unfinished = dict(self._inflight)
        for task in unfinished.values():
            task.cancel()
        await asyncio.gather(*unfinished.values(), return_exceptions=True)
        await self._results.put(None)
        await writer
        if unfinished:
            async with self.hub.db.write() as session:
                ids = list(unfinished)
                await queue_store.release(session, Message, self.owner, ids)
                await queue_store.release(session, Action, self.owner, ids)
                await queue_store.release(session, PullJob, self.owner, ids)
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        await self.transport.close()
        log.info("worker stopped", extra={"worker": self.owner, "released": len(unfinished)})
