"""The Twilio SMS sender against a local Twilio API: the exact request, and how each documented answer maps."""

from __future__ import annotations

import base64
from dataclasses import replace

from interlink.providers.twilio.sender import SENDER, resource_url
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.twilio.contract import ACCOUNT, MESSAGE, TOKEN
from tests.providers.twilio.fake import FakeTwilio, documented, fixture, form
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(api: Receiver | None = None, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {"accountSid": ACCOUNT, "token": TOKEN, "from": "+15557122661"}
    if api is not None:
        values["baseUrl"] = api.url
    values.update(overrides)
    return values


def test_the_public_api_is_the_default_base() -> None:
    assert resource_url(config(), "Messages") == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert resource_url(config(baseUrl="https://proxy.example.com/twilio/"), "Messages").startswith(
        "https://proxy.example.com/twilio/2010-04-01/"
    )


async def test_the_request_is_the_documented_form_with_basic_auth(transport: HttpTransport) -> None:
    documented_request = fixture("message_create__request")
    async with FakeTwilio().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    [request] = api.received
    assert (request.method, request.path) == (documented_request["method"], documented_request["path"])
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(request) == documented_request["body"]
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert result.status_code == 201
    assert result.provider_message_id == fixture("message_created")["body"]["sid"]


async def test_the_subject_is_sent_when_there_is_no_text(transport: HttpTransport) -> None:
    async with FakeTwilio().receiver() as api:
        result = await SENDER.send(outbound(text=None, subject="Door open"), config(api), transport)
    assert result.outcome is Outcome.DELIVERED
    assert form(api.received[0])["Body"] == "Door open"


async def test_documented_refusals_fail_with_twilios_code(transport: HttpTransport) -> None:
    async with Receiver(replies=[documented("message_error__invalid_to")]) as api:
        invalid = await SENDER.send(outbound(), config(api), transport)
    assert (invalid.outcome, invalid.status_code) == (Outcome.FAILED, 400)
    assert invalid.detail == "HTTP 400: Twilio error 21211: Invalid 'To' Phone Number: +1555867531"

    async with FakeTwilio().receiver() as api:
        wrong = await SENDER.send(outbound(), config(api, token="not-the-token"), transport)
    assert (wrong.outcome, wrong.status_code) == (Outcome.FAILED, 401)
    assert wrong.detail == "HTTP 401: Twilio error 20003: Authenticate (Your AccountSid or AuthToken was incorrect.)"
    assert "not-the-token" not in wrong.detail + (wrong.response_excerpt or "")


async def test_an_unexpected_answer_is_classified_by_status(transport: HttpTransport) -> None:
    async with Receiver(replies=[status(404, body="<html>nope</html>"), status(302, {"Location": "/x"})]) as api:
        missing = await SENDER.send(outbound(), config(api), transport)
        moved = await SENDER.send(outbound(), config(api), transport)
    assert (missing.outcome, missing.detail) == (Outcome.FAILED, "HTTP 404")
    assert (moved.outcome, moved.detail) == (Outcome.FAILED, "HTTP 302")


async def test_bad_settings_fail_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        no_phone = await SENDER.send(outbound(recipient={}), config(api), transport)
        no_text = await SENDER.send(outbound(text=None), config(api), transport)
        colon = await SENDER.send(outbound(), config(api, accountSid="AC:x"), transport)
        no_token = await SENDER.send(outbound(), config(api, token=""), transport)
    assert api.received == []
    assert [r.outcome for r in (no_phone, no_text, colon, no_token)] == [Outcome.FAILED] * 4
    assert no_phone.detail == "the message names no phone recipient"
    assert "must not contain ':'" in colon.detail
