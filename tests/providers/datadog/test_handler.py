"""Datadog: the documented custom payload becomes exactly these actions; the token check refuses what it should."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from interlink.providers.datadog.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.inbound.helpers import fixture, fixture_bytes

NOW = datetime(2024, 1, 1, tzinfo=UTC)
RENDERED = {  # what Datadog puts in place of the template variables for one monitor
    "ALERT_ID": "1234567",
    "ALERT_TITLE": "[Triggered] CPU load is high on web-1",
    "TEXT_ONLY_MSG": "CPU load above 4 for 5 minutes",
    "AGGREG_KEY": "4fe1d1b8c0ff1e5a",
    "LINK": "https://app.datadoghq.com/monitors/1234567",
    "ALERT_PRIORITY": "P1",
}


def rendered(transition: str) -> bytes:
    payload = {**fixture("datadog", "monitor__triggered"), **RENDERED, "ALERT_TRANSITION": transition}
    return orjson.dumps(payload)


def test_the_payload_as_documented_with_unrendered_variables_still_opens_an_alert() -> None:
    [action] = HANDLER.interpret(InboundRequest("POST", {}, fixture_bytes("datadog", "monitor__triggered")))
    assert action == AlertAction(ActionKind.CREATE, title="Datadog monitor alert", tags=("prod", "alert"))


def test_a_triggered_monitor_opens_an_alert_and_recovery_resolves_it() -> None:
    [opened] = HANDLER.interpret(InboundRequest("POST", {}, rendered("Triggered")))
    assert opened == AlertAction(
        ActionKind.CREATE,
        title="[Triggered] CPU load is high on web-1",
        description="CPU load above 4 for 5 minutes",
        urgency="critical",
        third_party_id="1234567",
        dedup_keys=("4fe1d1b8c0ff1e5a",),
        tags=("prod", "alert"),
        additional_data=({"label": "link", "value": "https://app.datadoghq.com/monitors/1234567"},),
    )
    [resolved] = HANDLER.interpret(InboundRequest("POST", {}, rendered("Recovered")))
    assert resolved == AlertAction(ActionKind.RESOLVE, third_party_id="1234567", dedup_keys=("4fe1d1b8c0ff1e5a",))
    [warned] = HANDLER.interpret(InboundRequest("POST", {}, rendered("Warn")))
    assert warned.urgency == "medium"
    [other] = HANDLER.interpret(InboundRequest("POST", {}, rendered("(Null)")))
    assert other == AlertAction(ActionKind.IGNORE, reason="Datadog transition (null)")


def test_the_token_is_required_when_set() -> None:
    body = fixture_bytes("datadog", "monitor__triggered")
    assert HANDLER.verify(InboundRequest("POST", {}, body), [], NOW).ok
    assert HANDLER.verify(InboundRequest("POST", {"authorization": "Bearer t0k"}, body), ["t0k"], NOW).ok
    forged = HANDLER.verify(InboundRequest("POST", {"authorization": "Bearer nope"}, body), ["t0k"], NOW)
    missing = HANDLER.verify(InboundRequest("POST", {}, body), ["t0k"], NOW)
    assert (forged.reason, missing.reason) == ("the token does not match", "no bearer token or basic-auth password")
