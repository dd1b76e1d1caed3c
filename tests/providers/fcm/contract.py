"""FCM's case of the provider contract: the token endpoint and messages:send on one fake, FCM's documented answers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import Fake, FakeApi, HttpCase, Recorded, Reply, Scenario, closed_port
from tests.providers.fcm.fake import BOOK, PROJECT, FakeGoogle

GOOGLE = FakeGoogle()
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTFCM0000000000002",
    channel="push",
    recipient={"token": "device-token-contract"},
    subject="Pump 3",
    text="Pressure is low",
)


def config(base: str) -> dict[str, Any]:
    return {"serviceAccount": GOOGLE.service_account(base), "baseUrl": base}


def with_token(reply: Reply) -> Reply:
    """The token endpoint issues a token; every other request gets the scenario's answer."""

    async def answer(request: web.Request, seen: Any) -> web.StreamResponse:
        if request.path == "/token":
            return await BOOK.reply("token__issued")(request, seen)
        return await reply(request, seen)

    return answer


def sent_as_documented(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", f"/v1/projects/{PROJECT}/messages:send")
    assert request.headers["Authorization"] == "Bearer ya29.c.b0Aaekm1K-example"
    assert request.json()["message"]["token"] == "device-token-contract"


@dataclass
class _Google:
    config: Mapping[str, Any]
    api: FakeApi | None

    @property
    def requests(self) -> int:
        return len(self.api.received) if self.api else 0


class FcmCase:
    """Two requests make a send (token, then message), so one fake answers both; the answers are an HTTP case's."""

    provider = "fcm"
    message = MESSAGE

    def __init__(self, answers: HttpCase) -> None:
        self.answers = answers
        self.rate_limit_wait = answers.rate_limit_wait
        self.scenarios = answers.scenarios

    def _reply(self, scenario: Scenario) -> Reply:
        reply = self.answers._reply(scenario)
        return reply if scenario in (Scenario.TIMEOUT, Scenario.SECRET_ECHO) else with_token(reply)

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        if scenario is Scenario.REFUSED:
            yield _Google(config(f"http://127.0.0.1:{closed_port()}"), None)
            return
        async with FakeApi(default=self._reply(scenario)) as api:  # answers the token request and the send
            yield _Google(config(api.url), api)

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        assert fake.requests == 2, f"a token and a send expected, {fake.requests} requests made"
        api = getattr(fake, "api", None)
        assert api is not None and api.received[0].path == "/token"
        sent_as_documented(api.received[1])


CASE = FcmCase(
    HttpCase(
        provider="fcm",
        config=config,
        message=MESSAGE,
        success=BOOK.reply("send__ok"),
        rate_limited=BOOK.reply("send__quota_exceeded"),
        rate_limit_wait=30.0,
        rate_limited_bare=BOOK.reply("send__quota_exceeded", headers={"Retry-After": None}),
        permanent=BOOK.reply("send__invalid_argument"),
    )
)
