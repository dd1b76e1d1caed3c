"""SendGrid's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
API_KEY = "SG.fake-key.Zm9yLXRlc3RzLW9ubHk"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTSENDGRID00000001",
    channel="email",
    recipient={"email": "ann@example.org", "name": "Ann Lee"},
    subject="Your report",
    text="Hello Ann,\nyour report is ready.",
    html="<p>Hello <b>Ann</b>, your report is ready.</p>",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": API_KEY, "from": "alerts@example.com", "senderName": "Acme Alerts", "baseUrl": base}


def sent_as_documented(request: Recorded) -> None:
    """A POST to Mail Send with bearer auth, using only the documented example's keys (and custom headers)."""
    documented = BOOK.load("mail_send__request")
    assert (request.method, request.path) == ("POST", documented["path"])
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert set(request.json()) <= {*documented["body"], "headers"}


CASE = HttpCase(
    provider="sendgrid",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("mail_send__accepted"),
    rate_limited=BOOK.reply("error__429", headers={"X-RateLimit-Reset": None, "Retry-After": "7"}),
    rate_limit_wait=7.0,
    rate_limited_bare=BOOK.reply("error__429", headers={"X-RateLimit-Reset": None}),
    server_error=BOOK.reply("error__500"),
    permanent=BOOK.reply("error__401"),
    request_check=sent_as_documented,
)
