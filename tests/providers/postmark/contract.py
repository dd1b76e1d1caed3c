"""Postmark's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures, plain

BOOK = fixtures(Path(__file__).parent)
TOKEN = "3f0d5ab5-7f4e-4c7f-9c6e-5a4c0d3e2b1a"
SIGNATURE = "alerts@example.com"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTPOSTMARK00000001",
    channel="email",
    recipient={"email": "ann@example.org", "name": "Ann Lee"},
    subject="Your report",
    text="Hello Ann,\nyour report is ready.",
    html="<p>Hello <b>Ann</b>, your report is ready.</p>",
)


def config(base: str) -> dict[str, object]:
    return {
        "apiKey": TOKEN,
        "from": SIGNATURE,
        "senderName": "Acme Alerts",
        "messageStream": "outbound",
        "baseUrl": base,
    }


def with_the_token(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/email")
    assert request.headers["X-Postmark-Server-Token"] == TOKEN


RATE_LIMITED = '{"ErrorCode": 429, "Message": "Rate limit exceeded"}'  # Postmark's 429 carries no fixture
CASE = HttpCase(
    provider="postmark",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("email__sent"),
    rate_limited=plain(429, {"Retry-After": "15", "Content-Type": "application/json"}, RATE_LIMITED),
    rate_limit_wait=15.0,
    rate_limited_bare=plain(429, {"Content-Type": "application/json"}, RATE_LIMITED),
    server_error=BOOK.reply("error__maintenance"),
    permanent=BOOK.reply("error__invalid_token"),
    request_check=with_the_token,
)
