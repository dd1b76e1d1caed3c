"""A local Telegram Bot API: the token in the path, ``sendMessage`` with a JSON body, answers as documented."""

from __future__ import annotations

from pathlib import Path

import orjson
from aiohttp import web

from tests.providers.twilio.fake import documented as replay
from tests.providers.twilio.fake import fixture as load
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
SEND_PATH = load("send_message__request", FIXTURES)["path"]
TOKEN = SEND_PATH.split("/")[1].removeprefix("bot")
CHAT = load("send_message__request", FIXTURES)["body"]["chat_id"]


def fixture(name: str) -> dict:
    return load(name, FIXTURES)


def documented(name: str, **headers: str) -> Reply:
    return replay(name, FIXTURES, **headers)


class FakeTelegram:
    """401 for another token, 400 ``chat not found`` for another chat, else the sent message."""

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.method != "POST" or request.path != SEND_PATH:
            return await documented("send_message__unauthorized")(request, seen)
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        if not isinstance(body, dict) or body.get("chat_id") not in (CHAT, "@ops_alerts") or not body.get("text"):
            return await documented("send_message__chat_not_found")(request, seen)
        return await documented("send_message")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
