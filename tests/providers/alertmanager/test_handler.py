"""Alertmanager: each fixture becomes exactly these alert actions; the token check refuses what it should."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from interlink.providers.alertmanager.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.inbound.helpers import fixture_bytes

NOW = datetime(2023, 2, 6, 13, 10, tzinfo=UTC)


def request(name: str, **headers: str) -> InboundRequest:
    return InboundRequest("POST", {k.lower(): v for k, v in headers.items()}, fixture_bytes("alertmanager", name))


def test_a_firing_notification_opens_one_alert_per_entry() -> None:
    assert HANDLER.interpret(request("notification__firing")) == [
        AlertAction(
            ActionKind.CREATE,
            title="ProbeFailure: BlackBox Probe Failure: https://server.example.org",
            description="Instance https://server.example.org has been down for over 5m. Job: http_checks",
            urgency="critical",
            third_party_id="1a30ba71cca2921f",
            tags=(
                "alertname=ProbeFailure",
                "instance=https://server.example.org",
                "job=http_checks",
                "severity=critical",
            ),
            additional_data=(
                {"label": "startsAt", "value": "2023-02-06T13:08:45.828Z"},
                {
                    "label": "generatorURL",
                    "value": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
                },
            ),
        )
    ]


def test_a_resolved_notification_resolves_by_fingerprint() -> None:
    assert HANDLER.interpret(request("notification__resolved")) == [
        AlertAction(ActionKind.RESOLVE, third_party_id="1a30ba71cca2921f")
    ]


def test_without_a_token_anything_is_accepted_and_with_one_it_must_match() -> None:
    assert HANDLER.verify(request("notification__firing"), [], NOW).ok
    assert HANDLER.verify(request("notification__firing", Authorization="Bearer s3cret"), ["s3cret"], NOW).ok
    basic = "Basic " + base64.b64encode(b"prometheus:s3cret").decode()
    assert HANDLER.verify(request("notification__firing", Authorization=basic), ["old", "s3cret"], NOW).ok
    forged = HANDLER.verify(request("notification__firing", Authorization="Bearer guess"), ["s3cret"], NOW)
    missing = HANDLER.verify(request("notification__firing"), ["s3cret"], NOW)
    garbled = HANDLER.verify(request("notification__firing", Authorization="Basic %%%"), ["s3cret"], NOW)
    assert (forged.ok, missing.ok, garbled.ok) == (False, False, False)
    assert missing.reason == "no bearer token or basic-auth password"
