"""SES's case of the provider contract: its documented answers; SES signals throttling without a wait."""

from __future__ import annotations

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario
from tests.providers.ses.fake import ACCESS_KEY, BOOK, REGION, SECRET_KEY

MESSAGE = OutboundMessage(
    id="msg_01HZYTESTSES00000000000002",
    channel="email",
    recipient={"email": "ann@example.org"},
    subject="Your report",
    text="Hello Ann,\nyour report is ready.",
)


def config(base: str) -> dict[str, object]:
    return {
        "apiKey": ACCESS_KEY,
        "secretKey": SECRET_KEY,
        "region": REGION,
        "from": "alerts@example.com",
        "baseUrl": base,
    }


def signed(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v2/email/outbound-emails")
    assert request.headers["Authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")
    assert request.headers["X-Amz-Date"]


CASE = HttpCase(
    provider="ses",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("send_email__ok"),
    rate_limited=BOOK.reply("send_email__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("send_email__too_many_requests"),
    permanent=BOOK.reply("send_email__message_rejected"),
    request_check=signed,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # SES throttles without Retry-After or any other wait
)
