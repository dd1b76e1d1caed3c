"""A local Discord webhook endpoint: checks the webhook's id and token in the path, answers as Discord documents."""

from __future__ import annotations

from pathlib import Path

import orjson
from aiohttp import web

from tests.providers.twilio.fake import documented as replay
from tests.providers.twilio.fake import fixture as load
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
HOOK_PATH = load("execute_webhook__request", FIXTURES)["path"]
TOKEN = HOOK_PATH.rsplit("/", 1)[1]


def fixture(name: str) -> dict:
    return load(name, FIXTURES)


def documented(name: str, **headers: str) -> Reply:
    return replay(name, FIXTURES, **headers)


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
