"""Verified keys are cached for a second: a revocation elsewhere holds on every process within that second."""

from __future__ import annotations

import asyncio

import pytest

from interlink.core.errors import Unauthorized
from interlink.services import keys
from interlink.services.caller import Caller
from interlink.services.hub import Hub, open_hub
from interlink.services.key_cache import KeyCache
from tests.conftest import Tenant


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_key_revoked_by_another_process_stops_working_within_a_second(hub: Hub, tenant: Tenant) -> None:
    other = await open_hub(hub.settings)  # another process: its own cache over the same database
    clock = Clock()
    other.key_cache = KeyCache(ttl=1.0, clock=clock)
    try:
        caller = await keys.authenticate(other, tenant.rw)
        await keys.revoke(hub, caller.actor)

        clock.now += 0.5
        assert (await keys.authenticate(other, tenant.rw)).actor == caller.actor, "trusted for at most a second"
        clock.now += 0.6
        with pytest.raises(Unauthorized):
            await keys.authenticate(other, tenant.rw)
        with pytest.raises(Unauthorized):
            await keys.authenticate(hub, tenant.rw)  # the revoking process forgot it at once
    finally:
        await other.close()


async def test_the_cache_stays_bounded_and_keeps_live_entries_first() -> None:
    clock = Clock()
    cache = KeyCache(ttl=1.0, size=3, clock=clock)
    caller = Caller("org", "env", "key_a", frozenset({"read"}))
    cache.put("old", caller, None)
    clock.now += 2
    cache.put("a", caller, None)
    cache.put("b", caller, None)
    cache.put("c", caller, None)  # full: the expired entry makes room
    assert [cache.get(h) is not None for h in ("old", "a", "b", "c")] == [False, True, True, True]
    cache.put("d", caller, None)  # full of live entries: start again rather than grow
    assert cache.get("a") is None and cache.get("d") is not None


async def test_requests_that_miss_the_cache_together_share_one_lookup(hub: Hub, tenant: Tenant) -> None:
    other = await open_hub(hub.settings)  # a cold cache, as when an entry expires under load
    try:
        callers = await asyncio.gather(*(keys.authenticate(other, tenant.read_only) for _ in range(20)))
        assert {c.actor for c in callers} == {callers[0].actor} and callers[0].scopes == frozenset({"read"})
        refused = await asyncio.gather(
            *(keys.authenticate(other, "il_unknown-key") for _ in range(5)), return_exceptions=True
        )
        assert all(isinstance(r, Unauthorized) for r in refused), refused
        assert other.key_cache._loading == {}, "a settled lookup is not kept"
    finally:
        await other.close()
