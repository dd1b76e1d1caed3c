# ruff: noqa: RUF001  (the look-alike characters are the attack)
"""A provider base URL spelled to land on loopback never carries the provider's key there (finding: SendGrid, Slack)."""

from __future__ import annotations

import pytest

from interlink.providers.sendgrid.sender import SENDER as SENDGRID
from interlink.providers.slack.sender import SENDER as SLACK
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.security.listener import RecordingListener

SPELLINGS = ["http://１２７.０.０.１:{port}", "http://127。0。0。1:{port}", "http://[64:ff9b::7f00:1]:{port}"]


@pytest.mark.parametrize("spelling", SPELLINGS)
async def test_no_key_reaches_a_loopback_listener(spelling: str) -> None:
    transport = HttpTransport(allow_private=False, timeout=2.0)
    email = OutboundMessage(id="msg_1", channel="email", recipient={"email": "a@example.org"}, text="hi")
    chat = OutboundMessage(id="msg_2", channel="chat", recipient={}, text="hi")
    try:
        with RecordingListener() as listener:
            base = spelling.format(port=listener.port)
            results = [
                await SENDGRID.send(email, {"apiKey": "SG.key", "from": "a@example.com", "baseUrl": base}, transport),
                await SLACK.send(
                    chat, {"mode": "BOT", "apiToken": "xoxb-1", "channel": "C1", "baseUrl": base}, transport
                ),
                await SLACK.send(chat, {"mode": "WEBHOOK", "webhookUrl": base + "/services/T/B/x"}, transport),
            ]
            reached = listener.sentinel()
    finally:
        await transport.close()
    assert reached == []
    assert all(r.outcome is Outcome.FAILED and "private address" in r.detail for r in results), results
