"""Mattermost's case of the provider contract: its documented answers, the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
HOOK = "/hooks/xi1zxqmkzfbk8p3ir1a3rsw7re"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTMATTERMOST000001", channel="chat", recipient={}, subject="Pump 3", text="Pressure is low"
)


def config(base: str) -> dict[str, object]:
    return {"webhookUrl": base + HOOK, "channel": "town-square"}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", HOOK)
    assert request.json() == {"text": "#### Pump 3\nPressure is low", "channel": "town-square"}


CASE = HttpCase(
    provider="mattermost",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("hook__ok"),
    rate_limited=BOOK.reply("error__limit_exceeded"),
    rate_limit_wait=7.0,
    rate_limited_bare=BOOK.reply("error__limit_exceeded", headers={"X-Ratelimit-Reset": None}),
    permanent=BOOK.reply("error__invalid_webhook"),
    request_check=sent,
)
