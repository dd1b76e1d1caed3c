"""The Telegram sender against a local Bot API: the sendMessage call, and each documented answer."""

from __future__ import annotations

from dataclasses import replace

from interlink.providers.telegram.sender import MAX_TEXT, SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.telegram.contract import CHAT, MESSAGE, TOKEN
from tests.providers.telegram.fake import FakeTelegram, documented, fixture
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"apiToken": TOKEN, "chatId": str(CHAT), "baseUrl": api.url, **overrides}


def leaked(result) -> bool:
    return TOKEN in result.detail + (result.response_excerpt or "")


async def test_the_request_is_the_documented_send_message(transport: HttpTransport) -> None:
    documented_request = fixture("send_message__request")
    async with FakeTelegram().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    [request] = api.received
    assert (request.method, request.path) == (documented_request["method"], documented_request["path"])
    assert request.headers["Content-Type"] == "application/json"
    assert request.json() == documented_request["body"], "a numeric chat id goes as a number"
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert (result.status_code, result.provider_message_id) == (200, "42")


async def test_the_recipient_may_name_another_chat(transport: HttpTransport) -> None:
    async with FakeTelegram().receiver() as api:
        result = await SENDER.send(
            outbound(recipient={"chatId": "@ops_alerts"}, subject="Pump 3"), config(api), transport
        )
    assert result.outcome is Outcome.DELIVERED
    assert api.received[0].json() == {"chat_id": "@ops_alerts", "text": "Pump 3\n\nHello"}


async def test_long_text_is_cut_to_telegrams_limit(transport: HttpTransport) -> None:
    async with FakeTelegram().receiver() as api:
        await SENDER.send(outbound(text="y" * 9000), config(api), transport)
    text = api.received[0].json()["text"]
    assert len(text) == MAX_TEXT and text.endswith("…")


async def test_documented_refusals_fail_with_telegrams_description(transport: HttpTransport) -> None:
    replies = [documented("send_message__bot_blocked"), documented("send_message__migrated")]
    async with FakeTelegram().receiver(*replies) as api:
        blocked = await SENDER.send(outbound(), config(api), transport)
        migrated = await SENDER.send(outbound(), config(api), transport)
        not_found = await SENDER.send(outbound(), config(api, chatId="-1009"), transport)
        unauthorized = await SENDER.send(outbound(), config(api, apiToken="123:wrong"), transport)
    assert [(r.outcome, r.status_code, r.detail) for r in (blocked, migrated, not_found, unauthorized)] == [
        (Outcome.FAILED, 403, "HTTP 403: Telegram: Forbidden: bot was blocked by the user"),
        (
            Outcome.FAILED,
            400,
            "HTTP 400: Telegram: Bad Request: group chat was upgraded to a supergroup chat; "
            "the group is now the supergroup -1001234567890: set the chat ID to it",
        ),
        (Outcome.FAILED, 400, "HTTP 400: Telegram: Bad Request: chat not found"),
        (Outcome.FAILED, 401, "HTTP 401: Telegram: Unauthorized"),
    ]
    assert api.received[3].path == "/bot123:wrong/sendMessage"


async def test_flood_control_and_outages_are_retried(transport: HttpTransport) -> None:
    replies = [
        documented("send_message__too_many_requests"),
        status(429, {"Retry-After": "9"}),
        status(502, body="<html>Bad Gateway</html>"),
        status(200, {"Content-Type": "application/json"}, '{"ok": false, "error_code": 400, "description": "odd"}'),
    ]
    async with Receiver(replies=replies) as api:
        results = [await SENDER.send(outbound(), config(api), transport) for _ in range(4)]
    flood, header_only, gateway, odd = results
    assert (flood.outcome, flood.retry_after, flood.detail) == (
        Outcome.RETRY, 35.0, "HTTP 429: Telegram: Too Many Requests: retry after 35",
    )  # fmt: skip
    assert (header_only.outcome, header_only.retry_after) == (Outcome.RETRY, 9.0)
    assert (gateway.outcome, gateway.detail) == (Outcome.RETRY, "HTTP 502")
    assert (odd.outcome, odd.detail) == (Outcome.FAILED, "HTTP 200: Telegram: odd"), "ok:false is never a delivery"


async def test_missing_settings_fail_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        no_token = await SENDER.send(outbound(), config(api, apiToken=""), transport)
        no_chat = await SENDER.send(outbound(), config(api, chatId=""), transport)
        no_text = await SENDER.send(outbound(text=None), config(api), transport)
    assert api.received == []
    assert [r.outcome for r in (no_token, no_chat, no_text)] == [Outcome.FAILED] * 3


async def test_a_base_url_that_cannot_be_parsed_fails_without_raising(transport: HttpTransport) -> None:
    result = await SENDER.send(outbound(), {"apiToken": TOKEN, "chatId": "1", "baseUrl": "http://[::1"}, transport)
    assert result.outcome is Outcome.FAILED
