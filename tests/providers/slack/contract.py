"""Slack's case of the provider contract, as a bot with chat.postMessage (its own tests cover webhook mode)."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
CHANNELS = frozenset({"C123ABC456", "#ops"})
HOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
MESSAGE = OutboundMessage(id="msg_01HZYTESTSLACK00000000001", channel="chat", recipient={}, text="Hello world")


def config(base: str) -> dict[str, object]:
    return {"mode": "BOT", "apiToken": BOT_TOKEN, "channel": "C123ABC456", "baseUrl": base}


def as_the_bot(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/chat.postMessage")
    assert request.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


CASE = HttpCase(
    provider="slack",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("chat_post_message"),
    rate_limited=BOOK.reply("chat_post_message__ratelimited"),
    rate_limit_wait=30.0,
    rate_limited_bare=BOOK.reply("chat_post_message__ratelimited", {"Retry-After": None}),
    permanent=BOOK.reply("chat_post_message__invalid_auth"),
    request_check=as_the_bot,
)
