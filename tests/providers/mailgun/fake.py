"""A local Mailgun Messages API that checks what the real one checks and answers with its documented bodies."""

from __future__ import annotations

import base64
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses
from urllib.parse import parse_qsl

from aiohttp import web

from tests.providers.mailgun.contract import API_KEY, BOOK, DOMAIN
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


def form_of(seen: Received) -> dict[str, list[str]]:
    """The posted fields, urlencoded or multipart (as ``curl -F`` sends them), each with all its values."""
    kind = seen.headers.get("Content-Type", "")
    pairs: list[tuple[str, str]] = []
    if kind.startswith("multipart/form-data"):
        mime = BytesParser(policy=policy.default).parsebytes(f"Content-Type: {kind}\r\n\r\n".encode() + seen.body)
        for part in mime.iter_parts():
            pairs.append((str(part.get_param("name", header="content-disposition")), str(part.get_content())))
    elif kind.startswith("application/x-www-form-urlencoded"):
        pairs = parse_qsl(seen.body.decode(), keep_blank_values=True)
    form: dict[str, list[str]] = {}
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return form


def problem(form: dict[str, list[str]]) -> str | None:
    """Why Mailgun would refuse these fields (required ones, valid addresses, some body), or None."""
    for field in ("from", "to", "subject"):
        if not form.get(field):
            return field
    for field in ("from", "to"):
        for _, address in getaddresses(form[field]):
            if "@" not in address:
                return field
    if not any(form.get(part) for part in ("text", "html", "amp-html", "template")):
        return "text"
    return None


class FakeMailgun:
    """Basic auth as ``api``, the domain in the path, form fields checked, then ``200`` with the queued id."""

    def __init__(self, api_key: str = API_KEY, domain: str = DOMAIN) -> None:
        self.api_key, self.domain = api_key, domain
        self.forms: list[dict[str, list[str]]] = []
        self.refused: list[str] = []

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.method != "POST" or request.path != f"/v3/{self.domain}/messages":
            return web.Response(status=404)  # an unknown endpoint or domain: no JSON body
        wanted = "Basic " + base64.b64encode(f"api:{self.api_key}".encode()).decode()
        if seen.headers.get("Authorization") != wanted:
            return await documented("error__unauthorized")(request, seen)
        form = form_of(seen)
        self.forms.append(form)
        why = problem(form)
        if why:
            self.refused.append(why)
            return await documented("error__bad_request")(request, seen)
        return await documented("messages__queued")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        """A receiver answering ``replies`` first, then as this fake."""
        return Receiver(default=self.reply, replies=list(replies))
