"""The outbound half of the provider contract: every sender, every way a send can end.

A provider's test folder declares one case (``tests/providers/<id>/contract.py``, ``CASE``): how to point
its settings at a local fake, a message, and which documented answers mean success, a rate limit with and
without its signal, a server error and a permanent refusal. ``check`` runs one scenario and asserts what
the delivery engine relies on; secrets are checked after the engine's own scrubbing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from aiohttp import web

from interlink.sdk.manifest import Manifest
from interlink.sdk.scrubbing import Scrubber
from interlink.sdk.sending import OutboundMessage, Outcome, Sender, SendResult, Transport
from interlink.sdk.testing.fake_api import FakeApi, Recorded, closed_port, hang
from interlink.sdk.testing.fixtures import Reply, plain


class Scenario(StrEnum):
    """One way a send can end."""

    SUCCESS = "success"
    RATE_LIMITED = "rate-limited"  # 429 with the provider's rate-limit signal
    RATE_LIMITED_BARE = "rate-limited-bare"  # 429 without it
    SERVER_ERROR = "server-error"
    PERMANENT = "permanent"
    TIMEOUT = "timeout"
    REFUSED = "refused-connection"
    PRIVATE = "private-address"
    SECRET_ECHO = "secret-echo"  # the answer repeats everything the sender sent


EXPECTED = {
    Scenario.SUCCESS: Outcome.DELIVERED,
    Scenario.RATE_LIMITED: Outcome.RETRY,
    Scenario.RATE_LIMITED_BARE: Outcome.RETRY,
    Scenario.SERVER_ERROR: Outcome.RETRY,
    Scenario.PERMANENT: Outcome.FAILED,
    Scenario.TIMEOUT: Outcome.RETRY,
    Scenario.REFUSED: Outcome.RETRY,
    Scenario.PRIVATE: Outcome.FAILED,
    Scenario.SECRET_ECHO: Outcome.FAILED,
}
TIMEOUT = 0.3


class Fake(Protocol):
    """A running stand-in for the third party, and the settings that point an integration at it."""

    @property
    def config(self) -> Mapping[str, Any]: ...

    @property
    def requests(self) -> int: ...


class EgressCase(Protocol):
    """What the contract needs from a provider: a message, and a fake for each scenario it applies to."""

    provider: str
    message: OutboundMessage
    rate_limit_wait: float | None

    @property
    def scenarios(self) -> frozenset[Scenario]: ...

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]: ...

    def check_success(self, fake: Fake) -> None: ...


class ClosableTransport(Transport, Protocol):
    async def close(self) -> None: ...


OpenTransport = Callable[[bool, float], ClosableTransport]
"""``(allow_private, timeout)`` to a transport; the test suite passes the engine's own."""


@dataclass
class _HttpFake:
    config: Mapping[str, Any]
    api: FakeApi | None

    @property
    def requests(self) -> int:
        return len(self.api.received) if self.api else 0


async def _echo(_request: web.Request, seen: Recorded) -> web.StreamResponse:
    """A 400 whose body repeats the request line, headers and body: any secret sent comes straight back."""
    lines = [f"{seen.method} {seen.path}", *(f"{k}: {v}" for k, v in seen.headers.items())]
    text = "\n".join(lines) + "\n\n" + seen.body.decode("utf-8", "replace")
    return web.Response(status=400, text=text)


ALL = frozenset(Scenario)


@dataclass
class HttpCase:
    """The case of an HTTP provider: ``config(base_url)`` points its settings at the fake."""

    provider: str
    config: Callable[[str], dict[str, Any]]
    message: OutboundMessage
    success: Reply
    rate_limited: Reply
    rate_limit_wait: float | None
    rate_limited_bare: Reply
    permanent: Reply
    server_error: Reply = field(default_factory=lambda: plain(503))
    request_check: Callable[[Recorded], None] | None = None
    scenarios: frozenset[Scenario] = ALL

    def _reply(self, scenario: Scenario) -> Reply:
        return {
            Scenario.SUCCESS: self.success,
            Scenario.RATE_LIMITED: self.rate_limited,
            Scenario.RATE_LIMITED_BARE: self.rate_limited_bare,
            Scenario.SERVER_ERROR: self.server_error,
            Scenario.PERMANENT: self.permanent,
            Scenario.TIMEOUT: hang(TIMEOUT * 10),
            Scenario.PRIVATE: self.success,
            Scenario.SECRET_ECHO: _echo,
        }[scenario]

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        if scenario is Scenario.REFUSED:
            yield _HttpFake(self.config(f"http://127.0.0.1:{closed_port()}"), None)
            return
        async with FakeApi(self._reply(scenario)) as api:
            yield _HttpFake(self.config(api.url), api)

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        assert fake.requests == 1, f"one request expected, {fake.requests} made"
        if self.request_check is not None and isinstance(fake, _HttpFake) and fake.api is not None:
            self.request_check(fake.api.received[0])


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {record.__dict__} {record.exc_text or ''}")


def secret_values(manifest: Manifest, config: Mapping[str, Any]) -> list[str]:
    """The values of the manifest's secret fields that are long enough to recognise."""
    found: list[str] = []
    for key in manifest.secret_keys:
        value = config.get(key)
        items = value.values() if isinstance(value, Mapping) else [value]
        found += [str(v) for v in items if isinstance(v, str) and len(v) >= 4]
    return found


async def check(
    case: EgressCase, scenario: Scenario, sender: Sender, manifest: Manifest, open_transport: OpenTransport
) -> SendResult:
    """Run one scenario through the sender as the engine does, and assert what the engine relies on."""
    transport = open_transport(scenario is not Scenario.PRIVATE, TIMEOUT if scenario is Scenario.TIMEOUT else 5.0)
    lines = _Lines()
    loggers = [logging.getLogger(), logging.getLogger("interlink")]
    for logger in loggers:
        logger.addHandler(lines)
    try:
        async with case.fake(scenario) as fake:
            raw = await sender.send(case.message, fake.config, transport)
            result = Scrubber.of(manifest, fake.config).result(raw)
            secrets = secret_values(manifest, fake.config)
            _assert_outcome(case, scenario, result, fake)
    finally:
        for logger in loggers:
            logger.removeHandler(lines)
        await transport.close()
    shown = [result.detail, result.response_excerpt or "", result.provider_message_id or "", *lines.lines]
    leaked = [s for s in secrets if any(s in text for text in shown)]
    assert not leaked, f"{manifest.id}: a secret value shows in a detail, excerpt or log line ({scenario})"
    return result


def _assert_outcome(case: EgressCase, scenario: Scenario, result: SendResult, fake: Fake) -> None:
    wanted = EXPECTED[scenario]
    assert result.outcome is wanted, f"{scenario}: {wanted} expected, got {result.outcome} ({result.detail})"
    if wanted is not Outcome.DELIVERED:
        assert result.detail, f"{scenario}: a result that is not a delivery must say why"
    if scenario is Scenario.SUCCESS:
        case.check_success(fake)
    elif scenario is Scenario.RATE_LIMITED:
        assert result.retry_after is not None, "the rate-limit signal was not read"
        assert case.rate_limit_wait is not None
        assert math.isclose(result.retry_after, case.rate_limit_wait, abs_tol=2.0), result.retry_after
    elif scenario is Scenario.RATE_LIMITED_BARE:
        assert result.retry_after is None, f"no signal was given, yet a wait of {result.retry_after} s was read"
    elif scenario is Scenario.PRIVATE:
        assert fake.requests == 0, "a request reached a private address the policy refuses"
