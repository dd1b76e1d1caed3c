"""Telnyx's case of the provider contract: its documented answers (a 429 without a wait), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "KEY0123456789ABCDEF_telnyxsecret"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTTELNYX0000000001", channel="sms", recipient={"phone": "+18665550001"}, text="Hi there"
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": KEY, "from": "+18445550001", "messageProfileId": "4000eba1-a0c0-4563", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v2/messages")
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.json() == {
        "from": "+18445550001",
        "to": "+18665550001",
        "text": "Hi there",
        "messaging_profile_id": "4000eba1-a0c0-4563",
    }


CASE = HttpCase(
    provider="telnyx",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("message__sent"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__authentication_failed"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Telnyx's rate-limit headers are not documented
)
