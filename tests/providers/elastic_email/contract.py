"""Elastic Email's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
API_KEY = "9B1C6A1F0E2D4C3B8A7F6E5D4C3B2A19F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTELASTIC00000001",
    channel="email",
    recipient={"email": "ann@example.org", "name": "Ann Lee"},
    subject="Your report",
    text="Hello Ann,\nyour report is ready.",
    html="<p>Hello <b>Ann</b>, your report is ready.</p>",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": API_KEY, "from": "alerts@example.com", "senderName": "Acme Alerts", "baseUrl": base}


def with_the_key(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v4/emails/transactional")
    assert request.headers["X-ElasticEmail-ApiKey"] == API_KEY


CASE = HttpCase(
    provider="elastic_email",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("emails_transactional__sent"),
    rate_limited=BOOK.reply("error__too_many_requests", {"Retry-After": "5"}),
    rate_limit_wait=5.0,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__forbidden"),
    request_check=with_the_key,
)
