"""A local Vonage SMS API (``/sms/json``): always 200, each part's status in the body, as Vonage documents it."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from tests.providers.twilio.fake import documented as replay
from tests.providers.twilio.fake import fixture as load
from tests.providers.twilio.fake import form
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
API_KEY = "abcd1234"
API_SECRET = "abcdef0123456789"


def fixture(name: str) -> dict:
    return load(name, FIXTURES)


def documented(name: str, **headers: str) -> Reply:
    return replay(name, FIXTURES, **headers)


class FakeVonage:
    """Credentials in the form, then the required fields, then one accepted part."""

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        if request.method != "POST" or request.path != "/sms/json":
            return web.Response(status=404)
        fields = form(seen)
        if fields.get("api_key") != API_KEY or fields.get("api_secret") != API_SECRET:
            return await documented("sms_rejected__bad_credentials")(request, seen)
        if not all(fields.get(k) for k in ("from", "to", "text")):
            return await documented("sms_rejected__missing_params")(request, seen)
        return await documented("sms_sent")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
