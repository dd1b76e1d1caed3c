"""The intake's per-process state: a short-lived cache of receivers and a group-commit writer for raw requests.

A request is answered ``2xx`` only after its row is committed; rows arriving together share one
transaction, so the database does one commit for many senders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from interlink.services import secrets as secret_box
from interlink.services.hub import Hub
from interlink.store import inbound as store
from interlink.store.messages import notify

log = logging.getLogger("interlink.intake")
CACHE_SECONDS = 2.0
MAX_BATCH = 1000
NUDGE_SECONDS = 0.02
SECRET_KEYS = ("signingSecret", "token", "authToken", "clientSecret")


@dataclass(frozen=True)
class Receiver:
    """What the intake needs to know about an integration that receives webhooks."""

    integration_id: str
    environment_id: str
    organization_id: str
    type: str
    active: bool
    token: str
    secrets: list[str]
    options: dict[str, Any]
    loaded: float = field(default_factory=time.monotonic)


def secrets_of(credentials: dict[str, Any]) -> list[str]:
    """Every secret an integration verifies with: each one, and its ``previous…`` one during a rotation."""
    found: list[str] = []
    for key in SECRET_KEYS:
        for name in (key, "previous" + key[0].upper() + key[1:]):
            value = credentials.get(name)
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
    return found


class Intake:
    """One per process (kept on the app): receivers cached for two seconds, and the batched writer."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._cache: dict[str, Receiver | None] = {}
        self._expires: dict[str, float] = {}
        self._pending: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._nudged = False
        self._loading: dict[str, asyncio.Future[Receiver | None]] = {}

    async def receiver(self, integration_id: str) -> Receiver | None:
        """The receiver, from the cache while fresh; concurrent misses share one load."""
        now = time.monotonic()
        if self._expires.get(integration_id, 0.0) > now:
            return self._cache[integration_id]
        loading = self._loading.get(integration_id)
        if loading is None:
            loading = self._loading[integration_id] = asyncio.ensure_future(self._load(integration_id))
            loading.add_done_callback(lambda _: self._loading.pop(integration_id, None))
        found = await asyncio.shield(loading)
        if len(self._cache) > 10_000:
            self._cache.clear()
            self._expires.clear()
        self._cache[integration_id] = found
        self._expires[integration_id] = max(self._expires.get(integration_id, 0.0), now + CACHE_SECONDS)
        return found

    def forget(self, integration_id: str) -> None:
        self._expires.pop(integration_id, None)

    async def _load(self, integration_id: str) -> Receiver | None:
        if len(integration_id) > 40:
            return None
        async with self.hub.db.read() as session:
            found = await store.receiver(session, integration_id)
            if found is None:
                return None
            record, token = found
            credentials = await secret_box.decrypt(self.hub, session, record.id, record.credentials)
        return Receiver(
            record.id,
            record.environment_id,
            record.organization_id,
            record.type,
            record.active,
            token,
            secrets_of(credentials),
            dict(record.properties),
        )

    async def record(self, row: dict[str, Any]) -> None:
        """Return once ``row`` is committed (raises if it could not be)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((row, future))
        self._wake.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_loop())
        await future

    async def _write_loop(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                await self._commit(batch)

    async def _commit(self, batch: list[tuple[dict[str, Any], asyncio.Future[None]]]) -> None:
        try:
            async with self.hub.db.write() as session:
                await store.add_many(session, [row for row, _ in batch])
                if any(row["status"] == "queued" for row, _ in batch):
                    await notify(session)
        except Exception as exc:
            log.exception("could not store %d inbound requests; they are answered 503", len(batch))
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for _, future in batch:
            if not future.done():
                future.set_result(None)
        self._nudge()

    def _nudge(self) -> None:
        """Wake the workers at most every ``NUDGE_SECONDS``: each wake-up costs them a claim round."""
        if not self._nudged:
            self._nudged = True
            asyncio.get_running_loop().call_later(NUDGE_SECONDS, self._wake_workers)

    def _wake_workers(self) -> None:
        self._nudged = False
        self.hub.notify_work()

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
