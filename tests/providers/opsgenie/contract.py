"""Opsgenie's case of the provider contract: Alert API answers (a 429 without a wait), the exact request."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTOPSGENIE00000001",
    channel="alerts",
    recipient={},
    subject="Disk 99% on db01",
    text="Free space is 1%.",
    data={"payload": {"host": "db01", "free": 1}},
)


def config(base: str) -> dict[str, object]:
    return {"apiKey": KEY, "priority": "P1", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v2/alerts")
    assert request.headers["Authorization"] == f"GenieKey {KEY}"
    assert request.json() == {
        "message": "Disk 99% on db01",
        "alias": MESSAGE.id,
        "source": "Interlink",
        "priority": "P1",
        "description": "Free space is 1%.",
        "details": {"host": "db01", "free": "1"},
    }


CASE = HttpCase(
    provider="opsgenie",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("alert__accepted"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__unauthorized"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Opsgenie's throttle headers give no wait
)
