"""Discord's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
HOOK_PATH = BOOK.load("execute_webhook__request")["path"]
TOKEN = HOOK_PATH.rsplit("/", 1)[1]
MESSAGE = OutboundMessage(id="msg_01HZYTESTDISCORD000000001", channel="chat", recipient={}, text="Hello, World!")


def config(base: str) -> dict[str, object]:
    return {"webhookUrl": base + HOOK_PATH}


def with_wait(request: Recorded) -> None:
    assert request.path == HOOK_PATH + "?wait=true"


LIMITED = "execute_webhook__rate_limited"
CASE = HttpCase(
    provider="discord",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("execute_webhook__wait"),
    rate_limited=BOOK.reply(LIMITED),
    rate_limit_wait=65.0,  # its Retry-After; the body's 64.57 is the same wait, more precisely
    rate_limited_bare=BOOK.reply(LIMITED, {"Retry-After": None}, body={"message": "You are being rate limited."}),
    permanent=BOOK.reply("execute_webhook__unknown_webhook"),
    request_check=with_wait,
)
