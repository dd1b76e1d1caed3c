"""Web Push's case of the provider contract: the subscription names the endpoint, so the message points at the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import Fake, HttpCase, Recorded, Scenario, fixtures
from tests.providers.web_push.fake import Browser, VapidPair

BOOK = fixtures(Path(__file__).parent)
VAPID, BROWSER = VapidPair(), Browser()
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTWEBPUSH000000002", channel="push", recipient={}, subject="Pump 3", text="Pressure is low"
)


def config(_base: str) -> dict[str, Any]:
    return {"vapidPublicKey": VAPID.public, "vapidPrivateKey": VAPID.private, "subject": "mailto:ops@example.com"}


def encrypted_for_the_browser(request: Recorded) -> None:
    assert request.headers["Content-Encoding"] == "aes128gcm"
    assert request.headers["Authorization"].startswith("vapid t=")
    assert b"Pressure is low" in BROWSER.decrypt(request.body)


class WebPushCase:
    """The subscription's endpoint is where the push goes: each fake gets a message subscribed at it."""

    provider = "web_push"

    def __init__(self, answers: HttpCase) -> None:
        self.answers = answers
        self.message = answers.message
        self.rate_limit_wait = answers.rate_limit_wait
        self.scenarios = answers.scenarios

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        async with self.answers.fake(scenario) as fake:
            base = str(fake.config["_base"])
            self.message = replace(MESSAGE, recipient={"subscription": BROWSER.subscription(f"{base}/push/abc")})
            yield fake

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        self.answers.check_success(fake)


def config_at(base: str) -> dict[str, Any]:
    return {**config(base), "_base": base}


CASE = WebPushCase(
    HttpCase(
        provider="web_push",
        config=config_at,
        message=MESSAGE,
        success=BOOK.reply("push__created"),
        rate_limited=BOOK.reply("push__too_many_requests"),
        rate_limit_wait=7.0,
        rate_limited_bare=BOOK.reply("push__too_many_requests", headers={"Retry-After": None}),
        permanent=BOOK.reply("push__payload_too_large"),
        request_check=encrypted_for_the_browser,
    )
)
