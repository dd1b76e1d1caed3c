"""MessageBird's case of the provider contract: its documented answers (no wait signal), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "live_0123456789abcdefghijklm"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTMESSAGEBIRD00001", channel="sms", recipient={"phone": "+31612345678"}, text="Hi"
)


def config(base: str) -> dict[str, object]:
    return {"accessKey": KEY, "from": "Acme", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/messages")
    assert request.headers["Authorization"] == f"AccessKey {KEY}"
    assert request.json() == {
        "originator": "Acme",
        "recipients": ["31612345678"],
        "body": "Hi",
        "reference": MESSAGE.id,
    }


CASE = HttpCase(
    provider="messagebird",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("message__created"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__incorrect_access_key"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # MessageBird documents no rate-limit signal
)
