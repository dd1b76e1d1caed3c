"""The SendGrid sender against a local Mail Send endpoint: the exact request, and how each documented answer maps."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import aiohttp
import pytest

from interlink.providers.sendgrid.sender import SENDER, endpoint
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.sendgrid.contract import API_KEY, MESSAGE
from tests.providers.sendgrid.contract import config as settings
from tests.providers.sendgrid.fake import FakeSendGrid, documented, fixture
from tests.receivers import Receiver, status

MESSAGE_ID = MESSAGE.id


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(receiver: Receiver, **overrides: object) -> dict[str, object]:
    return {**settings(receiver.url), "region": "global", **overrides}


async def test_the_request_is_a_mail_send_with_bearer_auth_and_our_message_id(transport: HttpTransport) -> None:
    fake = FakeSendGrid()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    [request] = api.received
    assert (request.method, request.path) == ("POST", "/v3/mail/send")
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json() == {
        "personalizations": [
            {
                "to": [{"email": "ann@example.org", "name": "Ann Lee"}],
                "custom_args": {"interlink_message_id": MESSAGE_ID},
            }
        ],
        "from": {"email": "alerts@example.com", "name": "Acme Alerts"},
        "subject": "Your report",
        "content": [
            {"type": "text/plain", "value": "Hello Ann,\nyour report is ready."},
            {"type": "text/html", "value": "<p>Hello <b>Ann</b>, your report is ready.</p>"},
        ],
        "headers": {"X-Interlink-Message-Id": MESSAGE_ID},
    }
    assert fake.refused == []


async def test_the_fake_accepts_the_documented_request_and_refuses_a_broken_one() -> None:
    """The fake checks what SendGrid checks: the documented example passes, a body without content does not."""
    documented_request = fixture("mail_send__request")
    fake = FakeSendGrid()
    async with fake.receiver() as api, aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        url = api.url + documented_request["path"]
        async with http.post(url, json=documented_request["body"], headers=headers) as good:
            assert good.status == 202
        broken = {k: v for k, v in documented_request["body"].items() if k != "content"}
        async with http.post(url, json=broken, headers=headers) as bad:
            assert bad.status == 400
    assert fake.refused == ["content"]


@pytest.mark.parametrize(
    ("text", "html", "parts"),
    [("Just text", None, ["text/plain"]), (None, "<p>Just HTML</p>", ["text/html"])],
)
async def test_only_the_parts_a_message_has_are_sent(transport, text, html, parts) -> None:
    async with FakeSendGrid().receiver() as api:
        result = await SENDER.send(outbound(text=text, html=html), config(api, senderName=None), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    body = api.received[0].json()
    assert [c["type"] for c in body["content"]] == parts
    assert body["from"] == {"email": "alerts@example.com"}


async def test_accepted_is_delivered_with_sendgrids_message_id(transport: HttpTransport) -> None:
    accepted = fixture("mail_send__accepted")
    async with FakeSendGrid().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.DELIVERED, 202)
    assert result.provider_message_id == accepted["headers"]["X-Message-Id"]


def http_date(seconds: int) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=seconds), usegmt=True)


def reset_in(seconds: int) -> str:
    return str(int(time.time()) + seconds)


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        (lambda: {"Retry-After": "7"}, 7, 7),
        (lambda: {"Retry-After": http_date(60)}, 50, 60),
        (lambda: {"X-RateLimit-Reset": reset_in(30)}, 25, 30),
        (lambda: {"X-RateLimit-Reset": None}, None, None),
    ],
    ids=["retry-after seconds", "retry-after date", "rate-limit reset", "no hint"],
)
async def test_rate_limited_is_retried_when_sendgrid_says(transport, headers, low, high) -> None:
    async with FakeSendGrid().receiver(documented("error__429", headers())) as api:  # times taken now
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.RETRY, 429)
    assert result.detail == "HTTP 429: too many requests"
    if low is None:
        assert result.retry_after is None
    else:
        assert low <= result.retry_after <= high


async def test_the_documented_past_reset_means_retry_now(transport: HttpTransport) -> None:
    async with FakeSendGrid().receiver(documented("error__429")) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.retry_after) == (Outcome.RETRY, 0.0)


@pytest.mark.parametrize(
    ("reply", "code", "detail", "wait"),
    [
        (documented("error__500"), 500, "HTTP 500: internal server error", None),
        (status(503, {"Retry-After": "120"}, "Service Unavailable"), 503, "HTTP 503: Service Unavailable", 120),
        (status(502), 502, "HTTP 502", None),
    ],
)
async def test_server_errors_are_retried(transport, reply, code, detail, wait) -> None:
    async with FakeSendGrid().receiver(reply) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code, result.detail, result.retry_after) == (
        Outcome.RETRY, code, detail, wait,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "code", "detail"),
    [
        ("error__400", 400, "HTTP 400: invalid request"),
        ("error__401", 401, "HTTP 401: authorization required"),
        ("error__403", 403, "HTTP 403: access forbidden"),
        ("error__404", 404, "HTTP 404: not found"),
        ("error__413", 413, "HTTP 413: content too large"),
    ],
)
async def test_documented_errors_fail_over_with_sendgrids_words(transport, name, code, detail) -> None:
    async with FakeSendGrid().receiver(documented(name)) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code, result.detail) == (Outcome.FAILED, code, detail)


async def test_a_base_url_path_is_kept(transport: HttpTransport) -> None:
    async with FakeSendGrid().receiver() as api:
        result = await SENDER.send(outbound(), config(api, baseUrl=api.url + "/proxy/"), transport)
    assert api.received[0].path == "/proxy/v3/mail/send"
    assert (result.outcome, result.detail) == (Outcome.FAILED, "HTTP 404: not found")


def test_the_region_picks_sendgrids_host_unless_the_base_url_was_changed() -> None:
    assert endpoint({}) == "https://api.sendgrid.com/v3/mail/send"
    assert (
        endpoint({"region": "eu", "baseUrl": "https://api.sendgrid.com"}) == "https://api.eu.sendgrid.com/v3/mail/send"
    )
    assert endpoint({"region": "eu", "baseUrl": "https://mail-proxy.example.com/v3/"}) == (
        "https://mail-proxy.example.com/v3/mail/send"
    )


async def test_a_misconfigured_integration_or_message_fails_without_a_request(transport: HttpTransport) -> None:
    async with FakeSendGrid().receiver() as api:
        no_key = await SENDER.send(outbound(), config(api, apiKey=""), transport)
        bad_key = await SENDER.send(outbound(), config(api, apiKey="SG.x\r\nX-Evil: 1"), transport)
        no_from = await SENDER.send(outbound(), config(api, **{"from": None}), transport)
        no_to = await SENDER.send(outbound(recipient={}), config(api), transport)
    assert [r.outcome for r in (no_key, bad_key, no_from, no_to)] == [Outcome.FAILED] * 4
    assert "X-Evil" not in bad_key.detail
    assert no_to.detail == "the message names no email recipient"
    assert api.received == []
