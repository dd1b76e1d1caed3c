"""Mailgun's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures, plain

BOOK = fixtures(Path(__file__).parent)
API_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
DOMAIN = "mg.example.com"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTMAILGUN000000001",
    channel="email",
    recipient={"email": "ann@example.org", "name": "Lee, Ann"},
    subject="Your report",
    text="Hello Ann,\nyour report is ready.",
    html="<p>Hello <b>Ann</b>, your report is ready.</p>",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": API_KEY, "domain": DOMAIN, "from": "alerts@mg.example.com", "senderName": "Acme Alerts",
            "baseUrl": base}  # fmt: skip


def to_the_domain(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", f"/v3/{DOMAIN}/messages")
    assert request.headers["Authorization"].startswith("Basic ")


TOO_MANY = '{"message": "Too many requests"}'  # Mailgun documents 429 without a body to copy
CASE = HttpCase(
    provider="mailgun",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("messages__queued"),
    rate_limited=plain(429, {"Retry-After": "12", "Content-Type": "application/json"}, TOO_MANY),
    rate_limit_wait=12.0,
    rate_limited_bare=plain(429, {"Content-Type": "application/json"}, TOO_MANY),
    permanent=BOOK.reply("error__unauthorized"),
    request_check=to_the_domain,
)
