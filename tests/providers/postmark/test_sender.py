"""The Postmark sender against a local Email API: the exact request, and how each documented answer maps."""

from __future__ import annotations

from dataclasses import replace

import aiohttp
import pytest

from interlink.providers.postmark.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.postmark.contract import MESSAGE, SIGNATURE, TOKEN
from tests.providers.postmark.contract import config as settings
from tests.providers.postmark.fake import FakePostmark, documented, fixture
from tests.receivers import Receiver, status

MESSAGE_ID = MESSAGE.id


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(receiver: Receiver, **overrides: object) -> dict[str, object]:
    return {**settings(receiver.url), **overrides}


async def test_the_request_is_an_email_with_the_server_token_and_our_message_id(transport: HttpTransport) -> None:
    fake = FakePostmark()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    [request] = api.received
    assert (request.method, request.path) == ("POST", "/email")
    assert request.headers["X-Postmark-Server-Token"] == TOKEN
    assert (request.headers["Accept"], request.headers["Content-Type"]) == ("application/json", "application/json")
    assert request.json() == {
        "From": "Acme Alerts <alerts@example.com>",
        "To": "Ann Lee <ann@example.org>",
        "Subject": "Your report",
        "TextBody": "Hello Ann,\nyour report is ready.",
        "HtmlBody": "<p>Hello <b>Ann</b>, your report is ready.</p>",
        "MessageStream": "outbound",
        "Headers": [{"Name": "X-Interlink-Message-Id", "Value": MESSAGE_ID}],
        "Metadata": {"interlinkMessageId": MESSAGE_ID},
    }
    assert fake.refused == []


async def test_the_fake_accepts_the_documented_request_and_refuses_a_broken_one() -> None:
    """The fake checks what Postmark checks: the documented example passes, one without a body does not."""
    documented_request = fixture("email__request")
    fake = FakePostmark(token="server token", signatures=("sender@example.com",))
    async with fake.receiver() as api, aiohttp.ClientSession() as http:
        url, headers = api.url + documented_request["path"], documented_request["headers"]
        async with http.post(url, json=documented_request["body"], headers=headers) as good:
            assert good.status == 200
        broken = {k: v for k, v in documented_request["body"].items() if k not in ("TextBody", "HtmlBody")}
        async with http.post(url, json=broken, headers=headers) as bad:
            assert bad.status == 422
    assert fake.refused == ["error__invalid_request"]


async def test_a_text_only_message_uses_the_configured_stream(transport: HttpTransport) -> None:
    async with FakePostmark().receiver() as api:
        message = outbound(html=None, subject=None, recipient={"email": "ann@example.org"})
        result = await SENDER.send(message, config(api, senderName=None, messageStream="alerts"), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    body = api.received[0].json()
    assert (body["From"], body["To"], body["MessageStream"]) == (SIGNATURE, "ann@example.org", "alerts")
    assert "HtmlBody" not in body and "Subject" not in body


async def test_sent_is_delivered_with_postmarks_message_id(transport: HttpTransport) -> None:
    sent = fixture("email__sent")
    async with FakePostmark().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.DELIVERED, 200)
    assert result.provider_message_id == sent["body"]["MessageID"]


async def test_an_ok_status_with_an_error_code_is_not_a_delivery(transport: HttpTransport) -> None:
    body = '{"ErrorCode": 406, "Message": "You tried to send to recipient(s) that have been marked as inactive."}'
    async with FakePostmark().receiver(status(200, {"Content-Type": "application/json"}, body)) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.FAILED, 200)
    assert result.detail.startswith("HTTP 200: You tried to send to recipient(s)")
    assert result.detail.endswith("(ErrorCode 406)")


@pytest.mark.parametrize(
    ("reply", "code", "detail", "wait"),
    [
        (status(429, {"Retry-After": "15"}), 429, "HTTP 429", 15),
        (status(429, {}, '{"ErrorCode": 429, "Message": "Rate limit exceeded"}'), 429,
         "HTTP 429: Rate limit exceeded (ErrorCode 429)", None),
        (status(500, {}, '{"ErrorCode": 0, "Message": "Internal server error"}'), 500,
         "HTTP 500: Internal server error", None),
        (documented("error__maintenance", {"Retry-After": "60"}), 503,
         "HTTP 503: The Postmark API is currently unavailable because of scheduled maintenance. (ErrorCode 100)", 60),
        (status(200, {}, '{"ErrorCode": 100, "Message": "Maintenance"}'), 200, "HTTP 200: Maintenance (ErrorCode 100)",
         None),
    ],
    ids=["429 with Retry-After", "429 without", "500", "503 maintenance", "maintenance code on 200"],
)  # fmt: skip
async def test_rate_limits_server_errors_and_maintenance_are_retried(transport, reply, code, detail, wait) -> None:
    async with FakePostmark().receiver(reply) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code, result.detail, result.retry_after) == (
        Outcome.RETRY, code, detail, wait,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "code", "error_code"),
    [
        ("error__invalid_token", 401, 10),
        ("error__invalid_request", 422, 300),
        ("error__sender_signature", 422, 400),
        ("error__inactive_recipient", 422, 406),
    ],
)
async def test_documented_errors_fail_over_with_postmarks_words(transport, name, code, error_code) -> None:
    said = fixture(name)["body"]["Message"]
    async with FakePostmark().receiver(documented(name)) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.FAILED, code)
    assert result.detail == f"HTTP {code}: {said} (ErrorCode {error_code})"[:300]
    assert TOKEN not in (result.detail + (result.response_excerpt or ""))


async def test_the_fake_refuses_a_wrong_token_an_unknown_sender_and_an_inactive_recipient(transport) -> None:
    fake = FakePostmark(token="the-right-token")
    async with fake.receiver() as api:
        wrong_token = await SENDER.send(outbound(), config(api), transport)
        fake.token = TOKEN
        unknown_sender = await SENDER.send(outbound(), config(api, **{"from": "someone@example.com"}), transport)
        fake.inactive.add("ann@example.org")
        inactive = await SENDER.send(outbound(), config(api), transport)
    assert [r.status_code for r in (wrong_token, unknown_sender, inactive)] == [401, 422, 422]
    assert [r.outcome for r in (wrong_token, unknown_sender, inactive)] == [Outcome.FAILED] * 3
    assert fake.refused == ["error__sender_signature", "error__inactive_recipient"]


async def test_a_misconfigured_integration_or_message_fails_without_a_request(transport: HttpTransport) -> None:
    async with FakePostmark().receiver() as api:
        results = [
            await SENDER.send(outbound(), config(api, apiKey=""), transport),
            await SENDER.send(outbound(), config(api, apiKey="token\r\nX-Evil: 1"), transport),
            await SENDER.send(outbound(), config(api, **{"from": None}), transport),
            await SENDER.send(outbound(recipient={}), config(api), transport),
        ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 4
    assert results[-1].detail == "the message names no email recipient"
    assert api.received == []
