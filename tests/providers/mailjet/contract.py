"""Mailjet's case of the provider contract: its documented answers (a 429 without a wait), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage, basic_auth
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
API_KEY = "5f2c0a4b9e8d7c6b5a4f3e2d1c0b9a88"
SECRET_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTMAILJET000000001",
    channel="email",
    recipient={"email": "ann@example.org", "name": "Ann"},
    subject="Your report",
    text="Hello Ann",
    html="<p>Hello Ann</p>",
)


def config(base: str) -> dict[str, object]:
    return {
        "apiKey": API_KEY,
        "secretKey": SECRET_KEY,
        "from": "alerts@example.com",
        "senderName": "Acme Alerts",
        "baseUrl": base,
    }


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v3.1/send")
    assert request.headers["Authorization"] == basic_auth(API_KEY, SECRET_KEY)
    assert request.json() == {
        "Messages": [
            {
                "From": {"Email": "alerts@example.com", "Name": "Acme Alerts"},
                "To": [{"Email": "ann@example.org", "Name": "Ann"}],
                "Subject": "Your report",
                "CustomID": MESSAGE.id,
                "TextPart": "Hello Ann",
                "HTMLPart": "<p>Hello Ann</p>",
            }
        ]
    }


CASE = HttpCase(
    provider="mailjet",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("send__success"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__no_content"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Mailjet documents the 429 but no header saying how long to wait
)
