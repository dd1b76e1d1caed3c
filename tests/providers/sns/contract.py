"""SNS's case of the provider contract: its documented answers; SNS signals throttling without a wait."""

from __future__ import annotations

from urllib.parse import parse_qsl

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario
from tests.providers.sns.fake import ACCESS_KEY, BOOK, REGION, SECRET_KEY

MESSAGE = OutboundMessage(
    id="msg_01HZYTESTSNS00000000000002", channel="sms", recipient={"phone": "+14155550101"}, text="Pump 3 is down"
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": ACCESS_KEY, "secretKey": SECRET_KEY, "region": REGION, "baseUrl": base}


def published(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/")
    assert request.headers["Authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")
    assert parse_qsl(request.body.decode()) == [
        ("Action", "Publish"),
        ("Version", "2010-03-31"),
        ("PhoneNumber", "+14155550101"),
        ("Message", "Pump 3 is down"),
    ]


CASE = HttpCase(
    provider="sns",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("publish__ok"),
    rate_limited=BOOK.reply("publish__throttled"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("publish__throttled"),
    permanent=BOOK.reply("publish__invalid_parameter"),
    request_check=published,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # SNS throttles without Retry-After or any other wait
)
