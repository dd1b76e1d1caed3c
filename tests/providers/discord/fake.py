"""A local Discord webhook endpoint: checks the webhook's id and token in the path, answers as Discord documents."""

from __future__ import annotations

import orjson
from aiohttp import web

from tests.providers.discord.contract import BOOK, HOOK_PATH
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


class FakeDiscord:
    """Unknown webhook (404) unless the path matches; empty content refused (400); 200 with ``wait``, else 204."""

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.method != "POST" or request.path != HOOK_PATH:
            return await documented("execute_webhook__unknown_webhook")(request, seen)
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        if not isinstance(body, dict) or not body.get("content"):
            return await documented("execute_webhook__empty_message")(request, seen)
        if request.query.get("wait") == "true":
            return await documented("execute_webhook__wait")(request, seen)
        return await documented("execute_webhook")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
