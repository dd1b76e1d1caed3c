"""A local Workflows trigger: checks the SAS signature in the query and the card envelope, then answers 202."""

from __future__ import annotations

import orjson
from aiohttp import web

from tests.providers.msteams.contract import BOOK, FLOW_PATH, SIG
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


class FakeWorkflow:
    """401 without the right ``sig``, 400 when the body is not a message with attachments, else 202."""

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.path != FLOW_PATH or request.query.get("sig") != SIG:
            return await documented("workflow_trigger__unauthorized")(request, seen)
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        if not isinstance(body, dict) or body.get("type") != "message" or not body.get("attachments"):
            return await documented("workflow_trigger__schema_mismatch")(request, seen)
        return await documented("workflow_trigger")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
