"""Recently verified API keys, trusted for a second: a busy client costs one key lookup a second, not one a request.

A revocation in this process clears the cache at once; one made by another process (``interlink keys revoke``)
takes effect here when the entry expires, so within ``ttl`` seconds on every process.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from interlink.services.caller import Caller


@dataclass
class CachedKey:
    """A key as last read from the database: who it acts as, and when it was last marked used."""

    caller: Caller
    last_used: datetime | None
    until: float


class KeyCache:
    """Key hash to caller, each entry kept ``ttl`` seconds; bounded to ``size`` entries."""

    def __init__(self, ttl: float = 1.0, size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._entries: dict[str, CachedKey] = {}
        self._loading: dict[str, asyncio.Future[CachedKey]] = {}

    async def load(self, key_hash: str, lookup: Callable[[], Awaitable[CachedKey]]) -> CachedKey:
        """The entry ``lookup`` makes, looked up once however many requests of the key are waiting for it.

        When an entry expires under load, every request of the key in flight misses at once; they share one
        lookup instead of queueing one each for the database. A caller that goes away does not cancel it.
        """
        pending = self._loading.get(key_hash)
        if pending is None:
            pending = self._loading[key_hash] = asyncio.ensure_future(lookup())
            pending.add_done_callback(lambda done: self._settled(key_hash, done))
        return await asyncio.shield(pending)

    def _settled(self, key_hash: str, done: asyncio.Future[CachedKey]) -> None:
        self._loading.pop(key_hash, None)
        if not done.cancelled():
            done.exception()  # seen here, so a lookup whose every waiter went away logs nothing

    def get(self, key_hash: str) -> CachedKey | None:
        entry = self._entries.get(key_hash)
        if entry is None:
            return None
        if entry.until <= self.clock():
            del self._entries[key_hash]
            return None
        return entry

    def put(self, key_hash: str, caller: Caller, last_used: datetime | None) -> CachedKey:
        if len(self._entries) >= self.size:
            now = self.clock()
            self._entries = {h: e for h, e in self._entries.items() if e.until > now}
            if len(self._entries) >= self.size:
                self._entries.clear()
        entry = self._entries[key_hash] = CachedKey(caller, last_used, self.clock() + self.ttl)
        return entry

    def forget_all(self) -> None:
        """Drop every entry: a key was revoked in this process."""
        self._entries.clear()
