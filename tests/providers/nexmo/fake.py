"""A local Vonage SMS API (``/sms/json``): always 200, each part's status in the body, as Vonage documents it."""

from __future__ import annotations

from aiohttp import web

from tests.providers.nexmo.contract import API_KEY, API_SECRET, BOOK
from tests.providers.twilio.fake import form
from tests.receivers import Received, Receiver, Reply

fixture = BOOK.load
documented = BOOK.reply


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
