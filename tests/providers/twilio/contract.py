"""Twilio SMS's case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import FixtureBook, HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
ACCOUNT = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
TOKEN = "tw-auth-token-0123456789abcdef"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTTWILIO00000000001",
    channel="sms",
    recipient={"phone": "+15558675310"},
    text="Hi there",
)


def config(base: str) -> dict[str, object]:
    return {"accountSid": ACCOUNT, "token": TOKEN, "from": "+15557122661", "baseUrl": base}


def posted_to(resource: str) -> object:
    def check(request: Recorded) -> None:
        assert (request.method, request.path) == ("POST", f"/2010-04-01/Accounts/{ACCOUNT}/{resource}.json")
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"

    return check


def twilio_case(provider: str, book: FixtureBook, message: OutboundMessage, names: tuple[str, str, str]) -> HttpCase:
    """Both Twilio senders answer alike: ``names`` are the created resource, the 429 and a permanent refusal."""
    created, too_many, refused = names
    return HttpCase(
        provider=provider,
        config=config,
        message=message,
        success=book.reply(created),
        rate_limited=book.reply(too_many, {"Retry-After": "7"}),
        rate_limit_wait=7.0,
        rate_limited_bare=book.reply(too_many),
        permanent=book.reply(refused),
        request_check=posted_to("Messages" if provider == "twilio" else "Calls"),  # type: ignore[arg-type]
    )


CASE = twilio_case(
    "twilio", BOOK, MESSAGE, ("message_created", "message_error__too_many_requests", "message_error__invalid_to")
)
