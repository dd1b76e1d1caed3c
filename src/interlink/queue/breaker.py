"""Per-integration protection, kept in each worker process: circuit breaker, concurrency cap, rate limit."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures, for ``cooldown`` seconds; then lets one try through."""

    threshold: int = 5
    cooldown: float = 30.0
    failures: int = 0
    opened_at: float | None = None
    probing: bool = False

    def allows(self, now: float | None = None) -> bool:
        """Whether a try may go out now (closed, or half-open and no probe under way)."""
        if self.opened_at is None:
            return True
        now = time.monotonic() if now is None else now
        if now - self.opened_at < self.cooldown or self.probing:
            return False
        self.probing = True
        return True

    def remaining(self, now: float | None = None) -> float:
        if self.opened_at is None:
            return 0.0
        now = time.monotonic() if now is None else now
        return max(0.0, self.cooldown - (now - self.opened_at))

    def record(self, success: bool, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if success:
            self.failures, self.opened_at, self.probing = 0, None, False
            return
        self.failures += 1
        if self.probing or self.failures >= self.threshold:
            self.opened_at, self.probing = now, False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.remaining() == 0 else "open"


@dataclass
class RateLimiter:
    """A token bucket: ``rate`` sends per second with bursts up to ``burst``."""

    rate: float
    burst: float = 1.0
    tokens: float = field(default=0.0)
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.burst

    async def acquire(self) -> None:
        while True:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)


@dataclass
class Guards:
    """The breaker, concurrency cap and optional rate limit of every integration this process sends through."""

    threshold: int = 5
    cooldown: float = 30.0
    max_concurrency: int = 32
    breakers: dict[str, CircuitBreaker] = field(default_factory=dict)
    slots: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    slot_sizes: dict[str, int] = field(default_factory=dict)
    limiters: dict[str, RateLimiter] = field(default_factory=dict)

    def breaker(self, integration_id: str) -> CircuitBreaker:
        found = self.breakers.get(integration_id)
        if found is None:
            found = self.breakers[integration_id] = CircuitBreaker(self.threshold, self.cooldown)
        return found

    def slot(self, integration_id: str, limit: int | None = None) -> asyncio.Semaphore:
        wanted = limit or self.max_concurrency
        found = self.slots.get(integration_id)
        if found is None or self.slot_sizes.get(integration_id) != wanted:
            found = self.slots[integration_id] = asyncio.Semaphore(wanted)
            self.slot_sizes[integration_id] = wanted
        return found

    def limiter(self, integration_id: str, rate: float | None) -> RateLimiter | None:
        if not rate:
            return None
        found = self.limiters.get(integration_id)
        if found is None or found.rate != rate:
            found = self.limiters[integration_id] = RateLimiter(rate, max(1.0, rate))
        return found
