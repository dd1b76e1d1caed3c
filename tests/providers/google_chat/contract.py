"""Google Chat's case of the provider contract: its documented answers (a 429 without a wait), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
PATH = "/v1/spaces/AAAAAAAAAAA/messages"
QUERY = "key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&token=Zm9yLXRlc3RzLW9ubHktdG9rZW4"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTGOOGLECHAT000001", channel="chat", recipient={}, subject="Pump 3", text="Pressure is low"
)


def config(base: str) -> dict[str, object]:
    return {"webhookUrl": f"{base}{PATH}?{QUERY}"}


def sent(request: Recorded) -> None:
    assert request.method == "POST"
    assert request.path == f"{PATH}?{QUERY}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"
    assert request.json() == {"text": "*Pump 3*\nPressure is low", "thread": {"threadKey": MESSAGE.id}}


CASE = HttpCase(
    provider="google_chat",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("message__created"),
    rate_limited=BOOK.reply("error__resource_exhausted"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__resource_exhausted"),
    permanent=BOOK.reply("error__invalid_argument"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Google Chat documents no wait with its 429
)
