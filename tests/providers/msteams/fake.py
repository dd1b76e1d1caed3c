"""A local Workflows trigger: checks the SAS signature in the query and the card envelope, then answers 202."""

from __future__ import annotations

from pathlib import Path

import orjson
from aiohttp import web

from tests.providers.twilio.fake import documented as replay
from tests.providers.twilio.fake import fixture as load
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
SIG = "1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUvWxYz-_abcdE"
FLOW_PATH = "/workflows/4b1e7e7a0f2c4d5e9a8b7c6d5e4f3a2b/triggers/manual/paths/invoke"
FLOW_QUERY = f"api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={SIG}"


def fixture(name: str) -> dict:
    return load(name, FIXTURES)


def documented(name: str, **headers: str) -> Reply:
    return replay(name, FIXTURES, **headers)


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
