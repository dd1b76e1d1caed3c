"""The Elastic Email sender against a local v4 API: the exact request, and how each documented answer maps."""

from __future__ import annotations

from dataclasses import replace

import aiohttp
import pytest

from interlink.providers.elastic_email.sender import SENDER, endpoint
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.elastic_email.contract import API_KEY, MESSAGE
from tests.providers.elastic_email.contract import config as settings
from tests.providers.elastic_email.fake import FakeElasticEmail, documented, fixture
from tests.receivers import Receiver, status

MESSAGE_ID = MESSAGE.id


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(receiver: Receiver, **overrides: object) -> dict[str, object]:
    return {**settings(receiver.url), **overrides}


async def test_the_request_is_a_transactional_send_with_the_key_header(transport: HttpTransport) -> None:
    fake = FakeElasticEmail()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    [request] = api.received
    assert (request.method, request.path) == ("POST", "/v4/emails/transactional")
    assert request.headers["X-ElasticEmail-ApiKey"] == API_KEY
    assert request.headers["Content-Type"] == "application/json"
    assert request.json() == {
        "Recipients": {"To": ["Ann Lee <ann@example.org>"]},
        "Content": {
            "Body": [
                {"ContentType": "PlainText", "Content": "Hello Ann,\nyour report is ready.", "Charset": "utf-8"},
                {
                    "ContentType": "HTML",
                    "Content": "<p>Hello <b>Ann</b>, your report is ready.</p>",
                    "Charset": "utf-8",
                },
            ],
            "From": "Acme Alerts <alerts@example.com>",
            "Headers": {"X-Interlink-Message-Id": MESSAGE_ID},
            "Subject": "Your report",
        },
    }
    assert fake.refused == []


async def test_the_fake_accepts_the_documented_request_and_refuses_a_broken_one() -> None:
    """The fake checks what Elastic Email checks: the official example passes, one without a body part does not."""
    documented_request = fixture("emails_transactional__request")
    fake = FakeElasticEmail(api_key="YOUR_API_KEY")
    async with fake.receiver() as api, aiohttp.ClientSession() as http:
        url, headers = api.url + documented_request["path"], documented_request["headers"]
        async with http.post(url, json=documented_request["body"], headers=headers) as good:
            assert good.status == 200
        broken = {**documented_request["body"], "Content": {**documented_request["body"]["Content"], "Body": []}}
        async with http.post(url, json=broken, headers=headers) as bad:
            assert bad.status == 400
    assert fake.refused == ["Content.Body"]


async def test_sent_is_delivered_with_elastic_emails_message_id(transport: HttpTransport) -> None:
    sent = fixture("emails_transactional__sent")
    async with FakeElasticEmail().receiver() as api:
        message = outbound(html=None, recipient={"email": "ann@example.org"})
        result = await SENDER.send(message, config(api, senderName=None), transport)
    assert (result.outcome, result.status_code) == (Outcome.DELIVERED, 200)
    assert result.provider_message_id == sent["body"]["MessageID"]
    body = api.received[0].json()
    assert body["Recipients"]["To"] == ["ann@example.org"] and body["Content"]["From"] == "alerts@example.com"
    assert [part["ContentType"] for part in body["Content"]["Body"]] == ["PlainText"]


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (documented("legacy_send__failed"), "HTTP 200: Incorrect apikey"),
        (status(200, {}, '{"Error": "Not enough credit"}'), "HTTP 200: Not enough credit"),
        (status(200, {}, "<html>proxy login</html>"), "HTTP 200: the answer holds no message or transaction id"),
    ],
    ids=["legacy success false", "error field", "no id"],
)
async def test_an_ok_status_without_a_message_id_is_not_a_delivery(transport, reply, detail) -> None:
    async with FakeElasticEmail().receiver(reply) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code, result.detail) == (Outcome.FAILED, 200, detail)


@pytest.mark.parametrize(
    ("name", "code"),
    [("error__bad_request", 400), ("error__unauthorized", 401), ("error__forbidden", 403)],
)
async def test_documented_errors_fail_over_with_elastic_emails_words(transport, name, code) -> None:
    said = fixture(name)["body"]["Error"]
    async with FakeElasticEmail().receiver(documented(name)) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code, result.detail) == (Outcome.FAILED, code, f"HTTP {code}: {said}")
    assert API_KEY not in (result.detail + (result.response_excerpt or ""))


async def test_a_wrong_key_or_a_bad_recipient_is_refused_by_the_api(transport: HttpTransport) -> None:
    fake = FakeElasticEmail(api_key="the-right-key")
    async with fake.receiver() as api:
        wrong_key = await SENDER.send(outbound(), config(api), transport)
        fake.api_key = API_KEY
        bad_to = await SENDER.send(outbound(recipient={"email": "johnsmith"}), config(api), transport)
    assert (wrong_key.status_code, wrong_key.outcome) == (401, Outcome.FAILED)
    assert (bad_to.status_code, bad_to.outcome) == (400, Outcome.FAILED)
    assert fake.refused == ["Recipients.To"]


def test_a_v4_base_is_accepted() -> None:
    assert endpoint({}) == "https://api.elasticemail.com/v4/emails/transactional"
    assert endpoint({"baseUrl": "https://api.elasticemail.com/v4/"}) == (
        "https://api.elasticemail.com/v4/emails/transactional"
    )


async def test_a_misconfigured_integration_or_message_fails_without_a_request(transport: HttpTransport) -> None:
    async with FakeElasticEmail().receiver() as api:
        results = [
            await SENDER.send(outbound(), config(api, apiKey=""), transport),
            await SENDER.send(outbound(), config(api, apiKey="key\nX-Evil: 1"), transport),
            await SENDER.send(outbound(), config(api, **{"from": None}), transport),
            await SENDER.send(outbound(recipient={}), config(api), transport),
        ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 4
    assert results[-1].detail == "the message names no email recipient"
    assert api.received == []
