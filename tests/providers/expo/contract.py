"""Expo's case of the provider contract: its documented answers (a 429 without a wait), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
TOKEN = "expo-access-token-0123456789"
DEVICE = "ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTEXPO000000000001",
    channel="push",
    recipient={"token": DEVICE},
    subject="Pump 3",
    text="Pressure is low",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": TOKEN, "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/--/api/v2/push/send")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.json() == {"to": DEVICE, "title": "Pump 3", "body": "Pressure is low"}


CASE = HttpCase(
    provider="expo",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("push__ticket_ok"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__unauthorized"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Expo documents no wait with TOO_MANY_REQUESTS
)
