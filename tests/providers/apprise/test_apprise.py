"""Apprise's own sending: the notifier's exact request, its retries and redirects off, where it may go, its words."""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
from collections.abc import Iterator

import pytest
from aiohttp import web

from interlink.catalog.registry import default_registry
from interlink.providers.apprise.library import load, problem
from interlink.providers.apprise.sender import SENDER, deliver
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome, SendResult
from interlink.sdk.scrubbing import Scrubber
from interlink.sdk.testing import FakeApi, Recorded, plain
from tests.providers.apprise.contract import MESSAGE, PASSWORD, TOKEN, USER, sent_as_documented, url

MANIFEST = default_registry().get("apprise")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def root_records() -> Iterator[list[logging.LogRecord]]:
    """Every record that reaches the root logger, at every level, while the test runs."""
    handler, root = _Records(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def scrubbed(result: SendResult, config: dict[str, object]) -> SendResult:
    """The result as the engine reports it."""
    return Scrubber.of(MANIFEST, config).result(result)


async def test_the_notifier_sends_title_and_body_with_basic_auth(transport: HttpTransport) -> None:
    async with FakeApi(default=plain(200)) as api:
        result = await SENDER.send(MESSAGE, {"url": url(api.port)}, transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    [request] = api.received
    sent_as_documented(request)
    assert request.headers["Authorization"] == f"Basic {_basic(USER, PASSWORD)}"


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


async def test_a_subject_alone_is_the_body(transport: HttpTransport) -> None:
    only = OutboundMessage(id="msg_2", channel="chat", recipient={}, subject="Backup finished")
    async with FakeApi(default=plain(200)) as api:
        result = await SENDER.send(only, {"url": url(api.port)}, transport)
    assert result.outcome is Outcome.DELIVERED
    body = api.received[0].json()
    assert (body["title"], body["message"]) == ("", "Backup finished")


async def test_a_message_without_text_fails_before_sending(transport: HttpTransport) -> None:
    empty = OutboundMessage(id="msg_3", channel="chat", recipient={})
    async with FakeApi(default=plain(200)) as api:
        result = await SENDER.send(empty, {"url": url(api.port)}, transport)
    assert (result.outcome, result.detail) == (Outcome.FAILED, "the message has no text to send")
    assert api.received == []


async def test_apprises_own_retries_are_off_and_the_failure_is_retried_by_interlink(transport: HttpTransport) -> None:
    config = {"url": url(0) + "?retry=3&wait=0.1"}
    async with FakeApi(default=plain(503)) as api:
        config = {"url": url(api.port) + "?retry=3&wait=0.1"}
        result = scrubbed(await SENDER.send(MESSAGE, config, transport), config)
    assert len(api.received) == 1  # Apprise would have sent four times
    assert result.outcome is Outcome.RETRY
    assert result.detail.startswith("Apprise: ") and "error=503" in result.detail


async def test_a_redirect_is_not_followed(transport: HttpTransport) -> None:
    async with FakeApi(default=plain(200)) as elsewhere:
        moved = plain(302, {"Location": f"{elsewhere.url}/inside"})
        async with FakeApi(default=moved) as api:
            result = await SENDER.send(MESSAGE, {"url": url(api.port)}, transport)
        assert elsewhere.received == []
    assert len(api.received) == 1 and result.outcome is Outcome.RETRY


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "[64:ff9b::7f00:1]"])
async def test_a_private_host_is_refused_without_a_connection(host: str) -> None:
    guarded = HttpTransport(allow_private=False, timeout=2.0)
    try:
        async with FakeApi(default=plain(200)) as api:
            result = await SENDER.send(MESSAGE, {"url": f"json://{host}:{api.port}/notify"}, guarded)
    finally:
        await guarded.close()
    assert api.received == []
    assert result.outcome is Outcome.FAILED
    assert "INTERLINK_ALLOW_PRIVATE_NETWORKS" in result.detail


async def test_an_unusable_url_fails_over_at_once(transport: HttpTransport) -> None:
    result = await SENDER.send(MESSAGE, {"url": "bogus://x/y"}, transport)
    assert (result.outcome, result.detail) == (
        Outcome.FAILED,
        "the Apprise URL cannot be used: Apprise does not know the scheme bogus://",
    )


async def test_an_echoed_secret_never_shows_in_the_result_or_a_log_line(
    transport: HttpTransport, root_records: list[logging.LogRecord]
) -> None:
    async def echo(_request: web.Request, seen: Recorded) -> web.StreamResponse:
        said = "\n".join(f"{k}: {v}" for k, v in seen.headers.items()) + f"\n{seen.path}\n" + seen.body.decode()
        return web.Response(status=400, text=f"{PASSWORD} {TOKEN} refused\n{said}")

    async with FakeApi(default=echo) as api:
        config = {"url": url(api.port)}
        result = scrubbed(await SENDER.send(MESSAGE, config, transport), config)
    assert result.outcome is Outcome.RETRY and "error=400" in result.detail
    shown = [result.detail, result.response_excerpt or "", *(f"{r.getMessage()} {r.__dict__}" for r in root_records)]
    assert not [text for text in shown if PASSWORD in text or TOKEN in text or config["url"] in text]
    assert not [r for r in root_records if r.name.startswith("apprise")], "Apprise's lines stay out of the logs"


async def test_concurrent_sends_each_read_only_their_own_words(transport: HttpTransport) -> None:
    async with FakeApi(default=plain(200)) as good, FakeApi(default=plain(503)) as bad:
        results = await asyncio.gather(
            *(SENDER.send(MESSAGE, {"url": url(api.port)}, transport) for api in [good, bad] * 4)
        )
    for ok, failed in zip(results[::2], results[1::2], strict=True):
        assert ok.outcome is Outcome.DELIVERED and "503" not in (ok.response_excerpt or "")
        assert failed.outcome is Outcome.RETRY and "Sent" not in failed.detail and "error=503" in failed.detail


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("bogus://Zq9SecretPart/abc", "Apprise does not know the scheme bogus://"),
        ("hooks.example.com/Zq9SecretPart", "must be an Apprise URL, such as ntfy://ntfy.example.com/alerts"),
        ("syslog://", "syslog:// notifies the server Interlink runs on, not a service"),
        ("slack://Zq9SecretPart", "Apprise cannot use this slack:// URL"),
    ],
)
def test_a_url_apprise_cannot_use_is_named_without_repeating_it(value: str, why: str) -> None:
    said = problem(value)
    assert said is not None and said.startswith(why)
    assert "Zq9SecretPart" not in said


def test_the_scrubber_removes_every_token_part_of_a_service_url() -> None:
    secret = "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-100123456789"
    scrubber = Scrubber([secret])
    said = scrubber.text("bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw for chat -100123456789 refused")
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in said and "100123456789" not in said
    slack = Scrubber(["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"])
    assert slack.text("tokens T1JJ3T3L2 A1BRTD4JD and TIiajkdnlazkcOXrIdevi7FQ") == "tokens *** *** and ***"


async def test_ntfy_gets_the_message_published_as_json(transport: HttpTransport) -> None:
    async with FakeApi(default=plain(200, {"Content-Type": "application/json"}, '{"id": "sPs71M8A2T"}')) as api:
        result = await SENDER.send(MESSAGE, {"url": f"ntfy://127.0.0.1:{api.port}/alerts"}, transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    [request] = api.received  # https://docs.ntfy.sh/publish/#publish-as-json: POST to the root, topic in the body
    assert (request.method, request.path, request.headers["Content-Type"]) == ("POST", "/", "application/json")
    assert request.json() == {"topic": "alerts", "title": "Disk almost full", "message": "db-1 is at 91% of its disk."}


async def test_a_send_given_up_on_before_it_started_is_never_sent(transport: HttpTransport) -> None:
    apprise, abandoned = load(), threading.Event()
    assert apprise is not None
    abandoned.set()  # the caller's timeout fired while the send waited for a free thread
    async with FakeApi(default=plain(200)) as api:
        result = await asyncio.to_thread(deliver, apprise, url(api.port), MESSAGE, transport, abandoned)
    assert (result.outcome, result.detail) == (Outcome.RETRY, "abandoned before it was sent")
    assert api.received == []
