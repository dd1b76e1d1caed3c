"""A local Elastic Email v4 API that checks what the real one checks and answers with its documented bodies."""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

import orjson
from aiohttp import web

from tests.providers.elastic_email.contract import API_KEY, BOOK
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply
BODY_TYPES = ("HTML", "PlainText", "AMP", "CSS")


def problem(body: Any) -> str | None:
    """Why Elastic Email would refuse this transactional request (recipients, sender, body parts), or None."""
    if not isinstance(body, dict):
        return "body"
    to = (body.get("Recipients") or {}).get("To") if isinstance(body.get("Recipients"), dict) else None
    if not isinstance(to, list) or not to or not all("@" in parseaddr(str(t))[1] for t in to):
        return "Recipients.To"
    content = body.get("Content")
    if not isinstance(content, dict) or "@" not in parseaddr(str(content.get("From") or ""))[1]:
        return "Content.From"
    parts = content.get("Body")
    if not isinstance(parts, list) or not parts:
        return "Content.Body"
    if not all(isinstance(p, dict) and p.get("ContentType") in BODY_TYPES and p.get("Content") for p in parts):
        return "Content.Body"
    return None


class FakeElasticEmail:
    """The API key header, then the request's fields, then ``200`` with a transaction and message id."""

    def __init__(self, api_key: str = API_KEY) -> None:
        self.api_key = api_key
        self.refused: list[str] = []

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.method != "POST" or request.path != "/v4/emails/transactional":
            return web.Response(status=404)
        if request.headers.get("X-ElasticEmail-ApiKey") != self.api_key:
            return await documented("error__unauthorized")(request, seen)
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        why = problem(body)
        if why:
            self.refused.append(why)
            return await documented("error__bad_request")(request, seen)
        return await documented("emails_transactional__sent")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        """A receiver answering ``replies`` first, then as this fake."""
        return Receiver(default=self.reply, replies=list(replies))
