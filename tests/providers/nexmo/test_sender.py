"""The Vonage SMS sender against a local SMS API: the documented form, and every part's status read."""

from __future__ import annotations

from dataclasses import replace

from interlink.providers.nexmo.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.nexmo.contract import API_KEY, API_SECRET, MESSAGE
from tests.providers.nexmo.fake import FakeVonage, documented, fixture
from tests.providers.twilio.fake import form
from tests.receivers import Receiver, status

MESSAGE_ID = MESSAGE.id


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"apiKey": API_KEY, "secretKey": API_SECRET, "from": "AcmeInc", "baseUrl": api.url, **overrides}


async def test_the_request_is_the_documented_form(transport: HttpTransport) -> None:
    documented_request = fixture("sms_send__request")
    async with FakeVonage().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    [request] = api.received
    assert (request.method, request.path) == (documented_request["method"], documented_request["path"])
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in request.headers
    assert form(request) == {**documented_request["body"], "client-ref": MESSAGE_ID}
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert (result.status_code, result.provider_message_id) == (200, "0C000000217B7F02")


async def test_non_gsm_text_goes_as_unicode_and_a_number_sender_loses_its_plus(transport: HttpTransport) -> None:
    async with FakeVonage().receiver() as api:
        await SENDER.send(outbound(text="Température: 21 °C ✓"), config(api, **{"from": "+14155552671"}), transport)
        await SENDER.send(outbound(text="Price: €5 [ok] {x} ~ ^ |"), config(api), transport)
    unicode, gsm = (form(r) for r in api.received)
    assert (unicode["type"], unicode["from"], unicode["text"]) == ("unicode", "14155552671", "Température: 21 °C ✓")
    assert "type" not in gsm


async def test_every_part_of_a_long_message_counts(transport: HttpTransport) -> None:
    replies = [documented("sms_sent__two_parts"), documented("sms_rejected__second_part_barred")]
    async with Receiver(replies=replies) as api:
        both = await SENDER.send(outbound(), config(api), transport)
        half = await SENDER.send(outbound(), config(api), transport)
    assert (both.outcome, both.provider_message_id) == (Outcome.DELIVERED, "0C000000217B7F02,0C000000217B7F03")
    assert half.outcome is Outcome.FAILED
    assert half.detail == "HTTP 200: Vonage status 7: Number barred. (1 of 2 parts were accepted)"


async def test_errors_in_a_200_answer_are_failures_or_retries(transport: HttpTransport) -> None:
    async with FakeVonage().receiver(documented("sms_rejected__throttled")) as api:
        throttled = await SENDER.send(outbound(), config(api), transport)
        bad_key = await SENDER.send(outbound(), config(api, secretKey="wrong-secret-1234"), transport)
        missing = await SENDER.send(outbound(), config(api, **{"from": ""}), transport)
    assert (throttled.outcome, throttled.status_code) == (Outcome.RETRY, 200)
    assert throttled.detail == "HTTP 200: Vonage status 1: Throughput Rate Exceeded - please wait [ 1000 ] and retry"
    assert (bad_key.outcome, bad_key.detail) == (Outcome.FAILED, "HTTP 200: Vonage status 4: Bad Credentials")
    assert (missing.outcome, missing.detail) == (Outcome.FAILED, "HTTP 200: Vonage status 2: Missing to param")


async def test_http_errors_and_odd_answers(transport: HttpTransport) -> None:
    replies = [status(429, {"Retry-After": "2"}), status(500), status(200, body="<html></html>"), status(401)]
    async with Receiver(replies=replies) as api:
        results = [await SENDER.send(outbound(), config(api), transport) for _ in range(4)]
    limited, broken, garbled, unauthorized = results
    assert (limited.outcome, limited.retry_after) == (Outcome.RETRY, 2.0)
    assert broken.outcome is Outcome.RETRY
    assert (garbled.outcome, garbled.detail) == (Outcome.RETRY, "HTTP 200: Vonage answered without message statuses")
    assert (unauthorized.outcome, unauthorized.status_code) == (Outcome.FAILED, 401)


async def test_missing_settings_fail_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        no_secret = await SENDER.send(outbound(), config(api, secretKey=""), transport)
        no_phone = await SENDER.send(outbound(recipient={}), config(api), transport)
    assert api.received == []
    assert no_secret.outcome is no_phone.outcome is Outcome.FAILED
    assert no_secret.detail == "the integration is misconfigured: the API key and secret are required"
