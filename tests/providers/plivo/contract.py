"""Plivo's case of the provider contract: its documented answers (a 429 without a wait), the exact request."""

from __future__ import annotations

import base64
from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
AUTH_ID, TOKEN = "MAXXXXXXXXXXXXXXXXXX", "plivo-auth-token-0123456789"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTPLIVO00000000001", channel="sms", recipient={"phone": "+14155550101"}, text="Hi"
)


def config(base: str) -> dict[str, object]:
    return {"accountSid": AUTH_ID, "token": TOKEN, "from": "+14155550100", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", f"/v1/Account/{AUTH_ID}/Message/")
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{AUTH_ID}:{TOKEN}".encode()).decode()
    assert request.json() == {"src": "14155550100", "dst": "14155550101", "text": "Hi"}


CASE = HttpCase(
    provider="plivo",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("message__queued"),
    rate_limited=BOOK.reply("error__rate_limit_exceeded"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__rate_limit_exceeded"),
    permanent=BOOK.reply("error__invalid_dst"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Plivo documents no wait with its 429
)
