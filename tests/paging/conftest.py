"""An injected clock for paging: an hour ahead of real time, so only the test decides when steps fall due."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from interlink.core.timeutil import utcnow
from interlink.services import pager


class Clock:
    """What time paging thinks it is; ``advance`` moves it on without sleeping."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    fake = Clock(utcnow() + timedelta(hours=1))
    pager.LISTENER.clock = fake
    try:
        yield fake
    finally:
        pager.LISTENER.clock = utcnow
