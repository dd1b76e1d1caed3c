"""A local Postmark Email API that checks what the real one checks and answers with its documented bodies."""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

import orjson
from aiohttp import web

from tests.providers.postmark.contract import BOOK, SIGNATURE, TOKEN
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


class FakePostmark:
    """Server token, then the message's fields, sender signature and inactive recipients, then ``200`` with an id."""

    def __init__(self, token: str = TOKEN, signatures: tuple[str, ...] = (SIGNATURE,)) -> None:
        self.token, self.signatures = token, signatures
        self.inactive: set[str] = set()
        self.refused: list[str] = []

    def _problem(self, body: Any) -> str | None:
        """The documented error this body earns, or None."""
        if not isinstance(body, dict):
            return "error__invalid_request"
        to = parseaddr(str(body.get("To") or ""))[1]
        if "@" not in to or not (body.get("TextBody") or body.get("HtmlBody")):
            return "error__invalid_request"
        if parseaddr(str(body.get("From") or ""))[1] not in self.signatures:
            return "error__sender_signature"
        if to in self.inactive:
            return "error__inactive_recipient"
        return None

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.method != "POST" or request.path != "/email":
            return web.Response(status=404)
        if seen.headers.get("X-Postmark-Server-Token") not in (self.token, "POSTMARK_API_TEST"):
            return await documented("error__invalid_token")(request, seen)
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        name = self._problem(body) or "email__sent"
        if name != "email__sent":
            self.refused.append(name)
        return await documented(name)(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        """A receiver answering ``replies`` first, then as this fake."""
        return Receiver(default=self.reply, replies=list(replies))
