"""The Mailgun sender against a local Messages API: the exact form we post, and how each documented answer maps."""

from __future__ import annotations

import base64
from dataclasses import replace
from urllib.parse import parse_qsl

import aiohttp
import pytest

from interlink.providers.mailgun.sender import SENDER, endpoint
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.mailgun.contract import API_KEY, DOMAIN, MESSAGE
from tests.providers.mailgun.contract import config as settings
from tests.providers.mailgun.fake import FakeMailgun, documented, fixture
from tests.receivers import Receiver

MESSAGE_ID = MESSAGE.id


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(receiver: Receiver, **overrides: object) -> dict[str, object]:
    return {**settings(receiver.url), **overrides}


async def test_the_request_is_a_form_post_to_the_domain_with_basic_auth(transport: HttpTransport) -> None:
    fake = FakeMailgun()
    async with fake.receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    [request] = api.received
    assert (request.method, request.path) == ("POST", f"/v3/{DOMAIN}/messages")
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"api:{API_KEY}".encode()).decode()
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(request.body.decode(), strict_parsing=True) == [
        ("from", "Acme Alerts <alerts@mg.example.com>"),
        ("to", '"Lee, Ann" <ann@example.org>'),
        ("subject", "Your report"),
        ("text", "Hello Ann,\nyour report is ready."),
        ("html", "<p>Hello <b>Ann</b>, your report is ready.</p>"),
        ("h:X-Interlink-Message-Id", MESSAGE_ID),
        ("v:interlink-message-id", MESSAGE_ID),
    ]
    assert fake.refused == []


async def test_the_fake_accepts_the_documented_request_and_refuses_a_broken_one() -> None:
    """The fake checks what Mailgun checks: the documented curl example passes, one without a body part does not."""
    documented_request = fixture("messages__request")
    fake = FakeMailgun(domain="YOUR_DOMAIN_NAME")
    async with fake.receiver() as api, aiohttp.ClientSession() as http:
        auth = {"Authorization": aiohttp.encode_basic_auth("api", API_KEY)}
        url = api.url + documented_request["path"]
        form = aiohttp.MultipartWriter("form-data")  # what curl -F sends
        for key, value in documented_request["form"]:
            form.append(value).set_content_disposition("form-data", name=key)
        async with http.post(url, data=form, headers=auth) as good:
            assert good.status == 200
        without_text = [(k, v) for k, v in documented_request["form"] if k != "text"]
        async with http.post(url, data=without_text, headers=auth) as bad:
            assert bad.status == 400
    assert fake.forms[0]["to"] == ["YOU@YOUR_DOMAIN_NAME", "bar@example.com"]
    assert fake.refused == ["text"]


async def test_queued_is_delivered_with_mailguns_message_id(transport: HttpTransport) -> None:
    queued = fixture("messages__queued")
    async with FakeMailgun().receiver() as api:
        result = await SENDER.send(outbound(recipient={"email": "ann@example.org"}, html=None), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.DELIVERED, 200)
    assert result.provider_message_id == queued["body"]["id"]
    form = dict(parse_qsl(api.received[0].body.decode()))
    assert form["to"] == "ann@example.org" and "html" not in form


@pytest.mark.parametrize(
    ("name", "code", "said"),
    [
        ("error__bad_request", 400, "'to' parameter is not a valid address. please check documentation"),
        ("error__unauthorized", 401, "Forbidden"),
        ("error__forbidden", 403, "Domain sandbox4d7b5f8c.mailgun.org is not allowed to send: Free accounts"),
    ],
)
async def test_documented_errors_fail_over_with_mailguns_words(transport, name, code, said) -> None:
    async with FakeMailgun().receiver(documented(name)) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.FAILED, code)
    assert result.detail.startswith(f"HTTP {code}: {said}")
    assert API_KEY not in (result.detail + (result.response_excerpt or ""))


async def test_a_wrong_key_or_domain_is_refused_by_the_api(transport: HttpTransport) -> None:
    async with FakeMailgun(api_key="key-the-right-one").receiver() as api:
        wrong_key = await SENDER.send(outbound(), config(api), transport)
    async with FakeMailgun().receiver() as api:
        wrong_domain = await SENDER.send(outbound(), config(api, domain="other.example.com"), transport)
    assert (wrong_key.outcome, wrong_key.detail) == (Outcome.FAILED, "HTTP 401: Forbidden")
    assert (wrong_domain.outcome, wrong_domain.detail) == (Outcome.FAILED, "HTTP 404")


def test_the_domain_stays_one_path_segment_and_a_v3_base_is_accepted() -> None:
    assert endpoint({"domain": "mg.example.com"}) == "https://api.mailgun.net/v3/mg.example.com/messages"
    assert endpoint({"domain": "../../admin?x=1", "baseUrl": "https://api.eu.mailgun.net/v3/"}) == (
        "https://api.eu.mailgun.net/v3/..%2F..%2Fadmin%3Fx%3D1/messages"
    )


async def test_a_misconfigured_integration_or_message_fails_without_a_request(transport: HttpTransport) -> None:
    async with FakeMailgun().receiver() as api:
        results = [
            await SENDER.send(outbound(), config(api, apiKey=""), transport),
            await SENDER.send(outbound(), config(api, apiKey="key\nX-Evil: 1"), transport),
            await SENDER.send(outbound(), config(api, domain=""), transport),
            await SENDER.send(outbound(), config(api, **{"from": None}), transport),
            await SENDER.send(outbound(recipient={}), config(api), transport),
        ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 5
    assert results[-1].detail == "the message names no email recipient"
    assert api.received == []
