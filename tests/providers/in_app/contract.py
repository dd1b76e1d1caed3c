"""In-app's case of the provider contract: no third party, so only a delivery (the engine stores the entry)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import Fake, Scenario

MESSAGE = OutboundMessage(
    id="msg_01HZYTESTINAPP00000000001",
    channel="in_app",
    recipient={"subscriberId": "sub-42"},
    subject="Pump 3",
    text="Pressure low",
    data={"payload": {"site": "north"}},
)


@dataclass
class _NoServer:
    config: Mapping[str, Any] = field(default_factory=dict)
    requests: int = 0


class InAppCase:
    provider = "in_app"
    message = MESSAGE
    rate_limit_wait: float | None = None
    scenarios = frozenset({Scenario.SUCCESS})  # nothing goes over the network, so nothing else can happen

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        yield _NoServer()

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        assert fake.requests == 0


CASE = InAppCase()
