"""A local SendGrid Mail Send endpoint that checks what the real one checks and answers with its documented bodies."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from tests.providers.sendgrid.contract import API_KEY, BOOK
from tests.receivers import Received, Receiver, Reply

PATH = "/v3/mail/send"
fixture = BOOK.load
documented = BOOK.reply


def problem(request: dict[str, Any]) -> str | None:
    """Why SendGrid would refuse this Mail Send body (its required fields and content rules), or None."""
    personalizations = request.get("personalizations")
    if not isinstance(personalizations, list) or not personalizations:
        return "personalizations"
    for each in personalizations:
        to = each.get("to") if isinstance(each, dict) else None
        if not isinstance(to, list) or not to or not all(isinstance(t, dict) and t.get("email") for t in to):
            return "personalizations.to"
    if not isinstance(request.get("from"), dict) or not request["from"].get("email"):
        return "from"
    if not request.get("subject"):
        return "subject"
    content = request.get("content")
    if not isinstance(content, list) or not content:
        return "content"
    if not all(isinstance(c, dict) and c.get("type") and c.get("value") for c in content):
        return "content.value"
    types = [c["type"] for c in content]
    if "text/plain" in types and types[0] != "text/plain":
        return "content.type"  # SendGrid wants text/plain first
    return None


class FakeSendGrid:
    """Bearer auth, then body validation, then ``202 Accepted`` with an ``X-Message-Id``; all else as documented."""

    def __init__(self, api_key: str = API_KEY) -> None:
        self.api_key = api_key
        self.refused: list[str] = []

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.path != PATH:
            return await documented("error__404")(request, seen)
        if seen.headers.get("Authorization") != f"Bearer {self.api_key}":
            return await documented("error__401")(request, seen)
        try:
            body = seen.json()
        except orjson.JSONDecodeError:
            body = None
        why = problem(body) if isinstance(body, dict) and seen.method == "POST" else "body"
        if why or not seen.headers.get("Content-Type", "").startswith("application/json"):
            self.refused.append(why or "content type")
            return await documented("error__400")(request, seen)
        return await documented("mail_send__accepted")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        """A receiver answering ``replies`` first, then as this fake."""
        return Receiver(default=self.reply, replies=list(replies))
