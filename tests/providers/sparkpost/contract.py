"""SparkPost's case of the provider contract: its documented answers (a 429 without a wait), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "0123456789abcdef0123456789abcdef01234567"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTSPARKPOST0000001",
    channel="email",
    recipient={"email": "ann@example.org"},
    subject="Your report",
    text="Hello Ann",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": KEY, "from": "alerts@example.com", "senderName": "Acme Alerts", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/api/v1/transmissions")
    assert request.headers["Authorization"] == KEY
    assert request.json() == {
        "options": {"transactional": True},
        "metadata": {"interlink_message_id": MESSAGE.id},
        "recipients": [{"address": {"email": "ann@example.org"}}],
        "content": {
            "from": {"email": "alerts@example.com", "name": "Acme Alerts"},
            "subject": "Your report",
            "text": "Hello Ann",
        },
    }


CASE = HttpCase(
    provider="sparkpost",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("transmission__accepted"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__unverified_domain"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # SparkPost says "wait 1 to 5 seconds" but sends no header
)
