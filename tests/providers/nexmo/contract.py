"""Vonage SMS's case of the provider contract; it signals throttling in a 200's body, without a wait."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
API_KEY = "abcd1234"
API_SECRET = "abcdef0123456789"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTVONAGE0000000001",
    channel="sms",
    recipient={"phone": "+447700900000"},
    text="Hello World!",
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": API_KEY, "secretKey": API_SECRET, "from": "AcmeInc", "baseUrl": base}


def to_sms_json(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/sms/json")


CASE = HttpCase(
    provider="nexmo",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("sms_sent"),
    rate_limited=BOOK.reply("sms_rejected__throttled"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("sms_rejected__throttled"),
    permanent=BOOK.reply("sms_rejected__bad_credentials"),
    request_check=to_sms_json,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # "Throughput Rate Exceeded" (status 1) names no wait
)
