"""SNS Publish against a local endpoint that checks the SigV4 signature: the form, the answers, no secrets."""

from __future__ import annotations

from interlink.providers.sns.sender import SENDER, endpoint
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.sns.fake import ACCESS_KEY, BOOK, REGION, SECRET_KEY, FakeSns
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTSNS00000000000001",
        "channel": "sms",
        "recipient": {"phone": "+447700900123"},
        "subject": "Pump 3",
        "text": "Pressure is low & falling",
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


def config(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"apiKey": ACCESS_KEY, "secretKey": SECRET_KEY, "region": REGION, "baseUrl": api.url, **overrides}


async def test_a_signed_publish_is_delivered_with_the_message_id(transport: HttpTransport) -> None:
    fake = FakeSns()
    async with fake.receiver() as api:
        settings = config(api, senderId="ALERTS", smsType="Transactional")
        result = await SENDER.send(outbound(), settings, transport)
    assert result.outcome is Outcome.DELIVERED, (result.detail, fake.refused)
    assert result.provider_message_id == "567910cd-659e-55d4-8ccb-5aaf14679dc0"
    assert fake.sent == [
        [
            ("Action", "Publish"),
            ("Version", "2010-03-31"),
            ("PhoneNumber", "+447700900123"),
            ("Message", "Pump 3\nPressure is low & falling"),
            ("MessageAttributes.entry.1.Name", "AWS.SNS.SMS.SenderID"),
            ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", "ALERTS"),
            ("MessageAttributes.entry.2.Name", "AWS.SNS.SMS.SMSType"),
            ("MessageAttributes.entry.2.Value.DataType", "String"),
            ("MessageAttributes.entry.2.Value.StringValue", "Transactional"),
        ]
    ]
    [request] = api.received
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert f"/{REGION}/sns/aws4_request" in request.headers["Authorization"]
    assert SECRET_KEY not in str(request.headers)


async def test_a_wrong_secret_fails_the_signature_check(transport: HttpTransport) -> None:
    fake = FakeSns()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api, secretKey="not-the-secret"), transport)
    assert (result.outcome, result.status_code) == (Outcome.FAILED, 403)
    assert result.detail.startswith("HTTP 403: SignatureDoesNotMatch: The request signature")
    assert fake.refused == ["signature mismatch"]


async def test_documented_errors_map_to_retry_or_fail(transport: HttpTransport) -> None:
    replies = [
        BOOK.reply("publish__throttling"),
        BOOK.reply("publish__throttled"),
        BOOK.reply("publish__invalid_parameter"),
        status(503),
    ]
    async with Receiver(replies=list(replies)) as api:
        results = [await SENDER.send(outbound(), config(api), transport) for _ in replies]
    throttling, throttled, invalid, unavailable = results
    assert (throttling.outcome, throttling.detail, throttling.retry_after) == (
        Outcome.RETRY,
        "HTTP 400: Throttling: Rate exceeded",
        None,
    )
    assert (throttled.outcome, throttled.detail) == (Outcome.RETRY, "HTTP 429: Throttled: Rate exceeded")
    assert invalid.outcome is Outcome.FAILED
    assert invalid.detail.startswith("HTTP 400: InvalidParameter: Invalid parameter: PhoneNumber")
    assert unavailable.outcome is Outcome.RETRY


async def test_misconfiguration_fails_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        results = [
            await SENDER.send(outbound(recipient={"email": "a@example.org"}), config(api), transport),
            await SENDER.send(outbound(subject=None, text=None), config(api), transport),
            await SENDER.send(outbound(), config(api, region=""), transport),
            await SENDER.send(outbound(), config(api, secretKey="line\nbreak"), transport),
        ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 4
    assert "phone" in results[0].detail and "misconfigured" in results[2].detail
    assert api.received == []


def test_the_regional_endpoint() -> None:
    assert endpoint({"region": "us-east-1"}) == "https://sns.us-east-1.amazonaws.com/"
