"""A local Telegram Bot API: the token in the path, ``sendMessage`` with a JSON body, answers as documented."""

from __future__ import annotations

import orjson
from aiohttp import web

from tests.providers.telegram.contract import BOOK, CHAT, SEND_PATH
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


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
