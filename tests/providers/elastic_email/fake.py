"""A local Elastic Email v4 API that checks what the real one checks and answers with its documented bodies."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web

from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
API_KEY = "9B1C6A1F0E2D4C3B8A7F6E5D4C3B2A19F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7"
BODY_TYPES = ("HTML", "PlainText", "AMP", "CSS")


def fixture(name: str) -> dict[str, Any]:
    """A documented request or response, as stored in ``fixtures/<name>.json``."""
    return orjson.loads((FIXTURES / f"{name}.json").read_bytes())


def documented(name: str, **headers: str | None) -> Reply:
    """Answer with the documented response ``name``; ``headers`` add to its headers (None removes one)."""
    doc = fixture(name)
    merged = {**doc.get("headers", {}), **headers}
    body = doc.get("body")
    data = b"" if body is None else body.encode() if isinstance(body, str) else orjson.dumps(body)

    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.Response(status=doc["status"], headers={k: v for k, v in merged.items() if v is not None}, body=data)

    return reply


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
