"""The Slack sender in both modes against a local Slack: what is posted, and how each documented answer maps."""

from __future__ import annotations

from dataclasses import replace

from interlink.providers.slack.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.slack.contract import BOT_TOKEN, HOOK_PATH, MESSAGE
from tests.providers.slack.fake import FakeSlack, documented, fixture
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def bot(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"mode": "BOT", "apiToken": BOT_TOKEN, "channel": "C123ABC456", "baseUrl": api.url, **overrides}


def hook(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"mode": "WEBHOOK", "webhookUrl": api.url + HOOK_PATH, **overrides}


async def test_bot_mode_posts_the_documented_request_and_keeps_the_ts(transport: HttpTransport) -> None:
    documented_request = fixture("chat_post_message__request")
    async with FakeSlack().receiver() as api:
        result = await SENDER.send(outbound(), bot(api), transport)
    [request] = api.received
    assert (request.method, request.path) == (documented_request["method"], documented_request["path"])
    assert request.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.json() == documented_request["body"]
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert (result.status_code, result.provider_message_id) == (200, "1503435956.000247")


async def test_bot_mode_posts_to_the_recipients_channel_with_the_subject_in_bold(transport: HttpTransport) -> None:
    async with FakeSlack().receiver() as api:
        result = await SENDER.send(outbound(recipient={"channel": "#ops"}, subject="Pump 3"), bot(api), transport)
    assert result.outcome is Outcome.DELIVERED
    assert api.received[0].json() == {"channel": "#ops", "text": "*Pump 3*\nHello world"}


async def test_bot_mode_errors_in_a_200_answer_fail(transport: HttpTransport) -> None:
    async with FakeSlack().receiver(documented("chat_post_message__too_many_attachments")) as api:
        attachments = await SENDER.send(outbound(), bot(api), transport)
        unknown = await SENDER.send(outbound(recipient={"channel": "C999"}), bot(api), transport)
        token = await SENDER.send(outbound(), bot(api, apiToken="xoxb-wrong"), transport)
    assert [(r.outcome, r.status_code, r.detail) for r in (attachments, unknown, token)] == [
        (Outcome.FAILED, 200, "HTTP 200: Slack error: too_many_attachments"),
        (Outcome.FAILED, 200, "HTTP 200: Slack error: channel_not_found"),
        (Outcome.FAILED, 200, "HTTP 200: Slack error: invalid_auth"),
    ]


async def test_bot_mode_rate_limits_and_outages_are_retried(transport: HttpTransport) -> None:
    replies = [
        documented("chat_post_message__ratelimited"),
        status(429, {"Content-Type": "application/json"}, '{"ok": false, "error": "ratelimited", "retry_after": 4}'),
        status(429),
        status(503),
        status(200, {"Content-Type": "application/json"}, '{"ok": false, "error": "internal_error"}'),
        status(200, body="<html>maintenance</html>"),
    ]
    async with Receiver(replies=replies) as api:
        results = [await SENDER.send(outbound(), bot(api), transport) for _ in range(6)]
    assert [r.outcome for r in results] == [Outcome.RETRY] * 6
    assert [r.retry_after for r in results[:3]] == [30.0, 4.0, None]
    assert results[4].detail == "HTTP 200: Slack error: internal_error"
    assert results[5].detail == "HTTP 200: Slack answered without an ok field"


async def test_webhook_mode_posts_text_and_reads_the_plain_ok(transport: HttpTransport) -> None:
    async with FakeSlack().receiver() as api:
        result = await SENDER.send(
            outbound(recipient={"channel": "#elsewhere"}, subject="Pump 3"), hook(api), transport
        )
        default_mode = await SENDER.send(outbound(), {"webhookUrl": api.url + HOOK_PATH}, transport)
    first, second = api.received
    assert first.path == HOOK_PATH and first.headers["Content-Type"] == "application/json"
    assert first.json() == {"text": "*Pump 3*\nHello world"}, "an incoming webhook posts to its own channel"
    assert "Authorization" not in first.headers
    assert second.json() == {"text": "Hello world"}
    assert result.outcome is default_mode.outcome is Outcome.DELIVERED
    assert (result.status_code, result.provider_message_id) == (200, None)


async def test_webhook_mode_errors_name_slacks_code(transport: HttpTransport) -> None:
    replies = [
        documented("webhook_post__invalid_payload"),
        documented("webhook_post__action_prohibited"),
        documented("webhook_post__channel_is_archived"),
        documented("webhook_post__rollup_error"),
        status(429, {"Retry-After": "1"}, "rate_limited"),
    ]
    async with FakeSlack().receiver(*replies) as api:
        results = [await SENDER.send(outbound(), hook(api), transport) for _ in range(5)]
        gone = await SENDER.send(outbound(), hook(api, webhookUrl=api.url + "/services/T0/B0/revoked"), transport)
    assert [(r.outcome, r.detail) for r in results] == [
        (Outcome.FAILED, "HTTP 400: Slack error: invalid_payload"),
        (Outcome.FAILED, "HTTP 403: Slack error: action_prohibited"),
        (Outcome.FAILED, "HTTP 410: Slack error: channel_is_archived"),
        (Outcome.RETRY, "HTTP 500: Slack error: rollup_error"),
        (Outcome.RETRY, "HTTP 429: Slack error: rate_limited"),
    ]
    assert results[4].retry_after == 1.0
    assert (gone.outcome, gone.detail) == (Outcome.FAILED, "HTTP 404: Slack error: no_service")


async def test_a_mode_without_its_settings_fails_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        no_token = await SENDER.send(outbound(), bot(api, apiToken=""), transport)
        no_channel = await SENDER.send(outbound(), bot(api, channel=""), transport)
        no_url = await SENDER.send(outbound(), {"mode": "WEBHOOK"}, transport)
        no_text = await SENDER.send(outbound(text=None), bot(api), transport)
    assert api.received == []
    assert [r.outcome for r in (no_token, no_channel, no_url, no_text)] == [Outcome.FAILED] * 4
    assert no_token.detail == "the integration is misconfigured: BOT mode needs a bot token and a channel"
    assert no_url.detail == "the integration is misconfigured: WEBHOOK mode needs an incoming webhook URL"
