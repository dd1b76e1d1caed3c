"""A local Slack: chat.postMessage (Bearer token, 200 with ``ok``) and an incoming webhook (200 ``ok`` or a code)."""

from __future__ import annotations

import orjson
from aiohttp import web

from tests.providers.slack.contract import BOOK, BOT_TOKEN, CHANNELS, HOOK_PATH
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


class FakeSlack:
    """The Web API checks the token, then the channel; the webhook checks its path, then that there is text."""

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        if request.path == "/chat.postMessage":
            if seen.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
                return await documented("chat_post_message__invalid_auth")(request, seen)
            if not isinstance(body, dict) or body.get("channel") not in CHANNELS:
                return await documented("chat_post_message__channel_not_found")(request, seen)
            return await documented("chat_post_message")(request, seen)
        if request.path != HOOK_PATH:
            return await documented("webhook_post__no_service")(request, seen)
        if not isinstance(body, dict) or not body.get("text"):
            return await documented("webhook_post__invalid_payload")(request, seen)
        return await documented("webhook_post")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
