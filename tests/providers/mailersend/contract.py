"""MailerSend's case of the provider contract: its documented answers, the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "mlsn.0123456789abcdef0123456789abcdef"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTMAILERSEND000001",
    channel="email",
    recipient={"email": "ann@example.org"},
    subject="Your report",
    text="Hello Ann",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": KEY, "from": "alerts@example.com", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v1/email")
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.json() == {
        "from": {"email": "alerts@example.com"},
        "to": [{"email": "ann@example.org"}],
        "subject": "Your report",
        "text": "Hello Ann",
    }


CASE = HttpCase(
    provider="mailersend",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("email__accepted"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=7.0,
    rate_limited_bare=BOOK.reply("error__too_many_requests", headers={"retry-after": None}),
    permanent=BOOK.reply("email__all_suppressed"),  # a 202 that sent nothing
    request_check=sent,
)
