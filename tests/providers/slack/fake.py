"""A local Slack: chat.postMessage (Bearer token, 200 with ``ok``) and an incoming webhook (200 ``ok`` or a code)."""

from __future__ import annotations

from pathlib import Path

import orjson
from aiohttp import web

from tests.providers.twilio.fake import documented as replay
from tests.providers.twilio.fake import fixture as load
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
CHANNELS = frozenset({"C123ABC456", "#ops"})
HOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"


def fixture(name: str) -> dict:
    return load(name, FIXTURES)


def documented(name: str, **headers: str) -> Reply:
    return replay(name, FIXTURES, **headers)


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
