"""PagerDuty's case of the provider contract: Events API v2 answers (a 429 without a wait), the exact event."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
ROUTING_KEY = "e93facc04764012d7bfb002500d5d1a6"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTPAGERDUTY0000001",
    channel="alerts",
    recipient={},
    subject="Disk 99%",
    text="db01 is almost full",
    data={"payload": {"source": "db01", "severity": "warning"}},
)


def config(base: str) -> dict[str, object]:
    return {"routingKey": ROUTING_KEY, "severity": "critical", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/v2/enqueue")
    assert "Authorization" not in request.headers
    assert request.json() == {
        "routing_key": ROUTING_KEY,
        "event_action": "trigger",
        "dedup_key": MESSAGE.id,
        "client": "Interlink",
        "payload": {
            "summary": "Disk 99%: db01 is almost full",
            "source": "db01",
            "severity": "warning",
            "custom_details": {"source": "db01", "severity": "warning"},
        },
    }


CASE = HttpCase(
    provider="pagerduty",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("enqueue__accepted"),
    rate_limited=BOOK.reply("error__too_many_requests"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__too_many_requests"),
    permanent=BOOK.reply("error__invalid_event"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # PagerDuty's 429 carries no wait
)
