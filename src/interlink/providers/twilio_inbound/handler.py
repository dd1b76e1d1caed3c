"""Twilio: ``X-Twilio-Signature`` = base64 HMAC-SHA1 of the URL Twilio called plus the sorted form parameters."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from interlink.sdk.inbound import ActionKind, AlertAction, BaseHandler, InboundRequest, Reply, Verdict, any_matches

EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signature(token: str, url: str, params: list[tuple[str, str]]) -> str:
    """Twilio's signature of a form request to ``url``."""
    data = url + "".join(key + value for key, value in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def called_url(request: InboundRequest) -> str:
    """The URL Twilio called: the request's, on the configured public scheme and host when one is set."""
    base = request.options.get("publicBaseUrl")
    if not isinstance(base, str) or not base:
        return request.url
    public, own = urlsplit(base), urlsplit(request.url)
    return urlunsplit((public.scheme, public.netloc, own.path, own.query, ""))


class TwilioHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.refuse("the integration has no auth token")
        offered = (request.header("x-twilio-signature") or "").strip()
        if not offered:
            return Verdict.refuse("X-Twilio-Signature is missing")
        params = parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        wanted = [signature(token, called_url(request), params) for token in secrets]
        return Verdict.accept() if any_matches([offered], wanted) else Verdict.refuse("the signature does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        form = request.form()
        if "MessageSid" not in form and "SmsSid" not in form:
            raise ValueError("a Twilio messaging webhook carries MessageSid")
        text = form.get("Body", "").strip()
        sender = form.get("From", "")
        return [
            AlertAction(
                ActionKind.CREATE,
                title=text.splitlines()[0][:200] if text else f"SMS from {sender}",
                description=text or None,
                third_party_id=form.get("MessageSid") or form.get("SmsSid"),
                tags=("sms", f"from:{sender}", f"to:{form.get('To', '')}"),
            )
        ]

    def reply(self, request: InboundRequest) -> Reply | None:
        """An empty TwiML document: Twilio sends no answer back to the texter."""
        return Reply(EMPTY_TWIML, "text/xml")


HANDLER = TwilioHandler()
