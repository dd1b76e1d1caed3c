"""When to try again: a fixed schedule with jitter, stretched by ``Retry-After`` within bounds."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# Delays after the first, immediate attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
DEFAULT_SCHEDULE: tuple[float, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)


@dataclass(frozen=True)
class RetryPolicy:
    """``schedule[i]`` is the wait after the (i+1)-th failed try; its length bounds the retries."""

    schedule: tuple[float, ...] = DEFAULT_SCHEDULE
    jitter: float = 0.2

    @property
    def max_attempts(self) -> int:
        return len(self.schedule) + 1

    def delay(
        self, retries_done: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float | None:
        """Seconds until the next try after ``retries_done`` retries, or None when none are left.

        ``Retry-After`` is honoured between 1 s and twice the scheduled delay, so a provider can ask for a
        little more patience, or say it is ready sooner, but cannot stall the queue for days.
        """
        if retries_done >= len(self.schedule):
            return None
        scheduled = self.schedule[retries_done]
        if retry_after is not None:
            return min(max(retry_after, 1.0), max(2 * scheduled, 1.0))
        spread = scheduled * self.jitter
        return max(0.0, scheduled + (rng or random).uniform(-spread, spread))

    @classmethod
    def parse(cls, text: str | None) -> RetryPolicy:
        """Read a schedule such as ``"5,300,1800"`` (seconds); empty means the default. ValueError when malformed."""
        if not text:
            return cls()
        steps = []
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            try:
                step = float(part)
            except ValueError:
                step = math.nan
            if not math.isfinite(step) or step < 0:
                raise ValueError(f"the retry schedule must be seconds separated by commas, not {part!r}")
            steps.append(step)
        return cls(tuple(steps))
