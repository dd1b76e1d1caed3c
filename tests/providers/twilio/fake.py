"""A local Twilio REST API (2010-04-01): checks Basic auth and the form as Twilio does, answers as its docs show."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

from aiohttp import web

from interlink.sdk.testing import FixtureBook
from tests.providers.twilio.contract import ACCOUNT, BOOK, TOKEN
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


def form(seen: Received) -> dict[str, str]:
    """The urlencoded form a request carried (each field once)."""
    parsed = parse_qs(seen.body.decode(), keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), parsed
    return {k: v[0] for k, v in parsed.items()}


class FakeTwilio:
    """Basic auth with the account SID and token, the account's resource path, the required fields; then 201."""

    def __init__(self, resource: str = "Messages", created: str = "message_created", book: FixtureBook = BOOK) -> None:
        self.resource, self.created, self.book = resource, created, book

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        wanted = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
        if seen.headers.get("Authorization") != wanted:
            return await documented("message_error__authenticate")(request, seen)
        if request.method != "POST" or request.path != f"/2010-04-01/Accounts/{ACCOUNT}/{self.resource}.json":
            return web.json_response({"code": 20404, "message": "Not Found", "status": 404}, status=404)
        fields = form(seen)
        needed = {"To", "From", "Body" if self.resource == "Messages" else "Twiml"}
        if not needed <= set(fields) or not all(fields[k] for k in needed):
            return web.json_response(
                {"code": 21604, "message": "A required field is missing", "status": 400}, status=400
            )
        return await self.book.reply(self.created)(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        """A receiver answering ``replies`` first, then as this fake."""
        return Receiver(default=self.reply, replies=list(replies))
