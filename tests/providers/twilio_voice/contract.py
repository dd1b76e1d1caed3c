"""Twilio voice's case of the provider contract: Calls.json answers the way Messages.json does."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import fixtures
from tests.providers.twilio.contract import twilio_case

BOOK = fixtures(Path(__file__).parent)
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTVOICE000000000001", channel="phone", recipient={"phone": "+14155551212"}, text="Ahoy, World!"
)
CASE = twilio_case(
    "twilio_voice", BOOK, MESSAGE, ("call_created", "call_error__too_many_requests", "call_error__unverified_to")
)
