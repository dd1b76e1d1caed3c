"""Sentry: documented payloads become exactly these actions; forged and missing signatures are refused."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import orjson
import pytest

from interlink.providers.sentry.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.inbound.helpers import fixture, fixture_bytes

NOW = datetime(2024, 1, 1, tzinfo=UTC)
SECRET = "sentry-client-secret"


def request(resource: str, body: bytes, secret: str | None = SECRET) -> InboundRequest:
    headers = {"sentry-hook-resource": resource, "sentry-hook-timestamp": "1577836800"}
    if secret is not None:
        headers["sentry-hook-signature"] = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return InboundRequest("POST", headers, body)


def test_a_created_issue_opens_an_alert() -> None:
    [action] = HANDLER.interpret(request("issue", fixture_bytes("sentry", "issue__created")))
    assert action == AlertAction(
        ActionKind.CREATE,
        title="ReferenceError: blooopy is not defined",
        description="?(runner)",
        urgency="high",
        third_party_id="issue:1170820242",
        tags=("sentry", "front-end", "FRONT-END-9"),
        additional_data=({"label": "first seen", "value": "2019-08-19T20:58:37.391000Z"},),
    )


@pytest.mark.parametrize(("verb", "kind"), [("resolved", ActionKind.RESOLVE), ("assigned", ActionKind.ACKNOWLEDGE)])
def test_the_issue_moving_on_resolves_or_acknowledges_it(verb: str, kind: ActionKind) -> None:
    payload = fixture("sentry", "issue__created")
    payload["action"] = verb  # the documented issue, as the later webhook about it says
    [action] = HANDLER.interpret(request("issue", orjson.dumps(payload)))
    assert action == AlertAction(kind, third_party_id="issue:1170820242")


def test_a_resolved_metric_alert_resolves_its_incident_and_a_critical_one_opens_it() -> None:
    [resolved] = HANDLER.interpret(request("metric_alert", fixture_bytes("sentry", "metric_alert__resolved")))
    assert resolved == AlertAction(ActionKind.RESOLVE, third_party_id="metric_alert:4")
    payload = fixture("sentry", "metric_alert__resolved")
    payload["action"], payload["data"]["description_title"] = "critical", "Critical: Too many errors"
    [opened] = HANDLER.interpret(request("metric_alert", orjson.dumps(payload)))
    assert opened == AlertAction(
        ActionKind.CREATE,
        title="Critical: Too many errors",
        description="1000 events in the last 10 minutes\\nFilter: level:error",
        urgency="high",
        third_party_id="metric_alert:4",
        tags=("sentry", "metric_alert"),
        additional_data=({"label": "incident", "value": "https://sentry.io/organizations/baz/alerts/1/"},),
    )


def test_other_resources_are_ignored() -> None:
    [action] = HANDLER.interpret(request("installation", b'{"action": "created", "data": {}}'))
    assert action == AlertAction(ActionKind.IGNORE, reason="Sentry installation created is not an alert")


def test_signatures_verify_and_forged_or_missing_ones_are_refused() -> None:
    body = fixture_bytes("sentry", "issue__created")
    assert HANDLER.verify(request("issue", body), ["new-secret", SECRET], NOW).ok
    forged = HANDLER.verify(request("issue", body, "guess"), [SECRET], NOW)
    missing = HANDLER.verify(request("issue", body, None), [SECRET], NOW)
    tampered = HANDLER.verify(InboundRequest("POST", request("issue", body).headers, body + b" "), [SECRET], NOW)
    unset = HANDLER.verify(request("issue", body), [], NOW)
    assert (forged.reason, missing.reason) == ("the signature does not match", "Sentry-Hook-Signature is missing")
    assert not (forged.ok or missing.ok or tampered.ok or unset.ok)
