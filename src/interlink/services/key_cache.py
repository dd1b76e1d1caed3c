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

    async def load(self, key_hash: str, fetch: Callable[[], Awaitable[CachedKey]]) -> CachedKey:
        """The entry for ``key_hash`` fetched once however many requests miss it at the same moment.

        When an entry expires under load, every request in flight misses it together; without this each one
        would read the key (and mark it used) on its own, and the last would wait behind all the others.
        A failure (an unknown or revoked key) reaches every waiter and is not kept.
        """
        pending = self._loading.get(key_hash)
        if pending is not None:
            return await asyncio.shield(pending)
        pending = self._loading[key_hash] = asyncio.get_running_loop().create_future()
        try:
            entry = await fetch()
        except BaseException as exc:
            pending.set_exception(exc)
            pending.exception()  # retrieved here, so a miss nobody else waited on logs no warning
            raise
        else:
            pending.set_result(entry)
            return entry
        finally:
            del self._loading[key_hash]

    def forget_all(self) -> None:
        """Drop every entry: a key was revoked in this process."""
        self._entries.clear()
