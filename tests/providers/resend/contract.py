"""Resend's case of the provider contract: its documented answers, the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "re_123456789_abcdefghijklmnop"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTRESEND0000000001",
    channel="email",
    recipient={"email": "ann@example.org"},
    subject="Your report",
    text="Hello Ann",
    html="<p>Hello Ann</p>",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": KEY, "from": "alerts@example.com", "senderName": "Acme Alerts", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/emails")
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["Idempotency-Key"] == MESSAGE.id
    assert request.json() == {
        "from": "Acme Alerts <alerts@example.com>",
        "to": ["ann@example.org"],
        "subject": "Your report",
        "headers": {"X-Entity-Ref-ID": MESSAGE.id},
        "text": "Hello Ann",
        "html": "<p>Hello Ann</p>",
    }


CASE = HttpCase(
    provider="resend",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("emails__sent"),
    rate_limited=BOOK.reply("error__rate_limit_exceeded"),
    rate_limit_wait=1.0,
    rate_limited_bare=BOOK.reply("error__rate_limit_exceeded", headers={"retry-after": None}),
    permanent=BOOK.reply("error__invalid_from_address"),
    request_check=sent,
)
