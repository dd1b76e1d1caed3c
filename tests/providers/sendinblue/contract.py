"""Brevo's case of the provider contract: its documented answers, the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "xkeysib-0123456789abcdef-Zm9yLXRlc3Rz"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTBREVO00000000001",
    channel="email",
    recipient={"email": "ann@example.org"},
    subject="Your report",
    text="Hello Ann",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": KEY, "from": "alerts@example.com", "senderName": "Acme Alerts", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v3/smtp/email")
    assert request.headers["api-key"] == KEY
    assert request.json() == {
        "sender": {"email": "alerts@example.com", "name": "Acme Alerts"},
        "to": [{"email": "ann@example.org"}],
        "subject": "Your report",
        "headers": {"X-Mailin-custom": f"interlink_message_id:{MESSAGE.id}", "Idempotency-Key": MESSAGE.id},
        "textContent": "Hello Ann",
    }


CASE = HttpCase(
    provider="sendinblue",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("smtp_email__created"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=7.0,
    rate_limited_bare=BOOK.reply("error__too_many_requests", headers={"x-sib-ratelimit-reset": None}),
    permanent=BOOK.reply("error__unauthorized"),
    request_check=sent,
)
