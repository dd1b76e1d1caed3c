"""Apprise's case of the provider contract: Apprise's generic JSON notifier (``json://``) at a local fake.

Apprise answers a send with only "sent" or "not sent", so Interlink retries every failure it reports; three
scenarios therefore do not apply, each for that reason:

- rate-limited with its signal: Apprise does not hand over a ``Retry-After``, so no wait can be read;
- permanent refusal and the secret echo (a 400): Apprise does not say a refusal is final, so it is retried
  (Interlink's retry policy and circuit breaker decide when to stop); ``test_apprise.py`` checks that an echoed
  secret never shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, Fake, FakeApi, Recorded, Scenario, closed_port, hang, plain

USER = "relay"
PASSWORD = "Appr1se-pass-0042"
TOKEN = "Tk7qLw2ZpX9vR4mN8sY3"  # a path segment that stands for a token
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTAPPRISE000000001",
    channel="chat",
    recipient={},
    subject="Disk almost full",
    text="db-1 is at 91% of its disk.",
)


def url(port: int, scheme: str = "json") -> str:
    """An Apprise URL for a server at 127.0.0.1:``port``; Apprise posts to http://127.0.0.1:port/notify/TOKEN."""
    return f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{port}/notify/{TOKEN}"


def sent_as_documented(request: Recorded) -> None:
    """The JSON notifier's body as Apprise documents it (https://github.com/caronc/apprise/wiki/Notify_Custom_JSON)."""
    assert (request.method, request.path) == ("POST", f"/notify/{TOKEN}")
    assert request.headers["Content-Type"] == "application/json"
    assert request.json() == {
        "version": "1.0",
        "title": "Disk almost full",
        "message": "db-1 is at 91% of its disk.",
        "attachments": [],
        "type": "info",
    }


@dataclass
class _AppriseFake:
    config: Mapping[str, Any]
    api: FakeApi | None

    @property
    def requests(self) -> int:
        return len(self.api.received) if self.api else 0


REPLIES = {
    Scenario.SUCCESS: plain(200),
    Scenario.PRIVATE: plain(200),
    Scenario.RATE_LIMITED_BARE: plain(429),
    Scenario.SERVER_ERROR: plain(503),
    Scenario.TIMEOUT: hang(3.0),
}


class AppriseCase:
    provider = "apprise"
    message = MESSAGE
    rate_limit_wait: float | None = None
    scenarios = ALL - {Scenario.RATE_LIMITED, Scenario.PERMANENT, Scenario.SECRET_ECHO}  # see the module's note

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        if scenario is Scenario.REFUSED:
            yield _AppriseFake({"url": url(closed_port())}, None)
            return
        async with FakeApi(REPLIES[scenario]) as api:
            yield _AppriseFake({"url": url(api.port)}, api)

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        assert isinstance(fake, _AppriseFake) and fake.api is not None
        [request] = fake.api.received
        sent_as_documented(request)


CASE = AppriseCase()
