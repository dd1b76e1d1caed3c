"""Telegram's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
SEND_PATH = BOOK.load("send_message__request")["path"]
TOKEN = SEND_PATH.split("/")[1].removeprefix("bot")
CHAT = BOOK.load("send_message__request")["body"]["chat_id"]
MESSAGE = OutboundMessage(id="msg_01HZYTESTTELEGRAM00000001", channel="chat", recipient={}, text="Hello")


def config(base: str) -> dict[str, object]:
    return {"apiToken": TOKEN, "chatId": str(CHAT), "baseUrl": base}


def to_the_bot(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", SEND_PATH)


TOO_MANY = "send_message__too_many_requests"
CASE = HttpCase(
    provider="telegram",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("send_message"),
    rate_limited=BOOK.reply(TOO_MANY),
    rate_limit_wait=BOOK.load(TOO_MANY)["body"]["parameters"]["retry_after"],
    rate_limited_bare=BOOK.reply(TOO_MANY, body={"ok": False, "error_code": 429, "description": "Too Many Requests"}),
    permanent=BOOK.reply("send_message__unauthorized"),
    request_check=to_the_bot,
)
