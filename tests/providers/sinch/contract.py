"""Sinch's case of the provider contract: its documented answers, the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
PLAN, TOKEN = "abc123def456", "sinch-api-token-0123456789"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTSINCH00000000001", channel="sms", recipient={"phone": "+14155550101"}, text="Hi"
)


def config(base: str) -> dict[str, object]:
    return {"servicePlanId": PLAN, "apiToken": TOKEN, "from": "+14155550100", "region": "eu", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", f"/xms/v1/{PLAN}/batches")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.json() == {
        "from": "+14155550100",
        "to": ["+14155550101"],
        "body": "Hi",
        "client_reference": MESSAGE.id,
    }


CASE = HttpCase(
    provider="sinch",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("batch__created"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=7.0,
    rate_limited_bare=BOOK.reply("error__too_many_requests", headers={"Retry-After": None}),
    permanent=BOOK.reply("error__syntax_invalid_parameter_format"),
    request_check=sent,
)
