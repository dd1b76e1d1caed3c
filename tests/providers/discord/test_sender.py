"""The Discord sender against a local webhook endpoint: the executed webhook, and each documented answer."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

from interlink.providers.discord.sender import MAX_CONTENT, SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.discord.contract import HOOK_PATH, MESSAGE
from tests.providers.discord.fake import FakeDiscord, documented, fixture
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(api: Receiver, path: str = HOOK_PATH) -> dict[str, object]:
    return {"webhookUrl": api.url + path}


def query(path_qs: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(path_qs).query)


async def test_the_webhook_is_executed_with_wait_and_the_message_id_kept(transport: HttpTransport) -> None:
    documented_request = fixture("execute_webhook__request")
    async with FakeDiscord().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    [request] = api.received
    assert (request.method, urlsplit(request.path).path) == (documented_request["method"], documented_request["path"])
    assert query(request.path) == {k: [v] for k, v in documented_request["query"].items()}
    assert request.headers["Content-Type"] == "application/json"
    body = request.json()
    assert body["content"] == documented_request["body"]["content"]
    assert body["allowed_mentions"] == {"parse": ["users", "roles"]}, "@everyone and @here never ping"
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert (result.status_code, result.provider_message_id) == (200, fixture("execute_webhook__wait")["body"]["id"])


async def test_a_204_without_a_body_is_delivered_too(transport: HttpTransport) -> None:
    async with Receiver(replies=[documented("execute_webhook")]) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code, result.provider_message_id) == (Outcome.DELIVERED, 204, None)


async def test_a_thread_and_existing_query_are_kept(transport: HttpTransport) -> None:
    async with FakeDiscord().receiver() as api:
        result = await SENDER.send(outbound(recipient={"threadId": "99"}), config(api, HOOK_PATH + "?x=1"), transport)
    assert result.outcome is Outcome.DELIVERED
    assert query(api.received[0].path) == {"x": ["1"], "wait": ["true"], "thread_id": ["99"]}


async def test_the_subject_is_bold_and_long_text_is_cut(transport: HttpTransport) -> None:
    async with FakeDiscord().receiver() as api:
        await SENDER.send(outbound(subject="Pump 3", text="stopped"), config(api), transport)
        await SENDER.send(outbound(text="x" * 5000), config(api), transport)
    short, long = (r.json()["content"] for r in api.received)
    assert short == "**Pump 3**\nstopped"
    assert len(long) == MAX_CONTENT and long.endswith("…")


async def test_rate_limits_use_the_bodys_precise_retry_after(transport: HttpTransport) -> None:
    body_only = status(
        429, {"Content-Type": "application/json"}, '{"message": "slow", "retry_after": 0.5, "global": true}'
    )
    async with Receiver(
        replies=[documented("execute_webhook__rate_limited"), body_only, status(429), status(502)]
    ) as api:
        results = [await SENDER.send(outbound(), config(api), transport) for _ in range(4)]
    assert [r.outcome for r in results] == [Outcome.RETRY] * 4
    assert [r.retry_after for r in results] == [65.0, 0.5, None, None]
    assert results[0].detail == "HTTP 429: Discord: You are being rate limited."


async def test_documented_refusals_fail(transport: HttpTransport) -> None:
    async with FakeDiscord().receiver() as api:
        unknown = await SENDER.send(outbound(), config(api, "/api/webhooks/1/revoked-token-0000"), transport)
        empty = await SENDER.send(outbound(text="   ", subject=None), config(api), transport)
    assert (unknown.outcome, unknown.status_code) == (Outcome.FAILED, 404)
    assert unknown.detail == "HTTP 404: Discord error 10015: Unknown Webhook"
    assert (empty.outcome, empty.detail) == (Outcome.FAILED, "the message has no text to send")
    assert len(api.received) == 1
    async with Receiver(replies=[documented("execute_webhook__empty_message")]) as api:
        refused = await SENDER.send(outbound(), config(api), transport)
    assert (refused.outcome, refused.detail) == (
        Outcome.FAILED,
        "HTTP 400: Discord error 50006: Cannot send an empty message",
    )
