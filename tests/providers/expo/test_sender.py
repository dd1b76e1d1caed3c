"""Expo: a 200 ticket with DeviceNotRegistered fails and marks the token gone."""

from __future__ import annotations

from interlink.providers.expo.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import Outcome
from interlink.sdk.testing import FakeApi
from tests.providers.expo.contract import BOOK, MESSAGE, config


async def test_an_unregistered_device_is_gone(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("push__device_not_registered")) as api:
        result = await SENDER.send(MESSAGE, config(api.url), transport)
    assert (result.outcome, result.status_code, result.gone) == (Outcome.FAILED, 200, True)
    assert result.detail.startswith("HTTP 200: DeviceNotRegistered: ")


async def test_without_an_access_token_no_authorization_is_sent(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("push__ticket_ok")) as api:
        result = await SENDER.send(MESSAGE, {"baseUrl": api.url}, transport)
    assert result.outcome is Outcome.DELIVERED
    assert result.provider_message_id == "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX"
    assert "Authorization" not in api.received[0].headers
