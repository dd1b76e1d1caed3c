"""SES v2 SendEmail against a local endpoint that checks the SigV4 signature: the body, the answers, no secrets."""

from __future__ import annotations

from interlink.providers.ses.sender import SENDER, endpoint
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.ses.fake import ACCESS_KEY, BOOK, REGION, SECRET_KEY, FakeSes
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTSES00000000000001",
        "channel": "email",
        "recipient": {"email": "ops@example.com"},
        "subject": "Pump 3",
        "text": "Pressure is low",
        "html": "<p>Pressure is low</p>",
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


def config(api: Receiver, **overrides: object) -> dict[str, object]:
    return {
        "apiKey": ACCESS_KEY,
        "secretKey": SECRET_KEY,
        "region": REGION,
        "from": "alerts@example.com",
        "senderName": "Alerts",
        "baseUrl": api.url,
        **overrides,
    }


async def test_a_signed_send_email_is_delivered_with_the_message_id(transport: HttpTransport) -> None:
    fake = FakeSes()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert result.outcome is Outcome.DELIVERED, (result.detail, fake.refused)
    assert result.provider_message_id == "0100018c-0001-example"
    assert fake.sent == [
        {
            "FromEmailAddress": "Alerts <alerts@example.com>",
            "Destination": {"ToAddresses": ["ops@example.com"]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": "Pump 3", "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": "Pressure is low", "Charset": "UTF-8"},
                        "Html": {"Data": "<p>Pressure is low</p>", "Charset": "UTF-8"},
                    },
                }
            },
        }
    ]
    [request] = api.received
    assert SECRET_KEY not in str(request.headers)


async def test_a_wrong_secret_fails_the_signature_check(transport: HttpTransport) -> None:
    fake = FakeSes()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api, secretKey="not-the-secret"), transport)
    assert (result.outcome, result.status_code) == (Outcome.FAILED, 403)
    assert result.detail.startswith("HTTP 403: SignatureDoesNotMatch: The request signature")
    assert fake.refused == ["signature mismatch"]


async def test_documented_errors_map_to_retry_or_fail(transport: HttpTransport) -> None:
    async with Receiver(
        replies=[BOOK.reply("send_email__too_many_requests"), BOOK.reply("send_email__message_rejected"), status(503)]
    ) as api:
        throttled = await SENDER.send(outbound(), config(api), transport)
        rejected = await SENDER.send(outbound(), config(api), transport)
        unavailable = await SENDER.send(outbound(), config(api), transport)
    assert (throttled.outcome, throttled.detail) == (
        Outcome.RETRY,
        "HTTP 429: TooManyRequestsException: Maximum sending rate exceeded.",
    )
    assert rejected.outcome is Outcome.FAILED and rejected.detail.startswith(
        "HTTP 400: MessageRejected: Email address is not verified"
    )
    assert unavailable.outcome is Outcome.RETRY


async def test_misconfiguration_fails_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        results = [
            await SENDER.send(outbound(recipient={}), config(api), transport),
            await SENDER.send(outbound(), config(api, region=""), transport),
            await SENDER.send(outbound(), config(api, secretKey="line\nbreak"), transport),
        ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 3
    assert api.received == []


def test_the_regional_endpoint() -> None:
    assert endpoint({"region": "us-east-1"}) == "https://email.us-east-1.amazonaws.com/v2/email/outbound-emails"
