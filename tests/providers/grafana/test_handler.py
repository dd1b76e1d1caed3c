"""Grafana: the documented notification becomes exactly these actions; HMAC forged, stale and missing refused."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from interlink.providers.grafana.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.inbound.helpers import fixture, fixture_bytes

NOW = datetime(2021, 10, 12, 8, 0, tzinfo=UTC)
SECRET = "grafana-shared-secret"
STAMPED = {"timestampHeader": "X-Grafana-Alerting-Timestamp"}


def sign(body: bytes, stamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    signed = body if stamp is None else f"{stamp}:".encode() + body
    headers = {"x-grafana-alerting-signature": hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}
    if stamp is not None:
        headers["x-grafana-alerting-timestamp"] = str(stamp)
    return headers


def test_the_documented_notification_opens_one_alert_per_entry() -> None:
    body = fixture_bytes("grafana", "notification__firing")
    memory, cpu = HANDLER.interpret(InboundRequest("POST", {}, body))
    assert memory == AlertAction(
        ActionKind.CREATE,
        title="High memory usage: This alert was triggered for zone us-1",
        description="The system has high memory usage",
        third_party_id="c6eadffa33fcdf37",
        tags=("alertname=High memory usage", "team=blue", "zone=us-1"),
        additional_data=(
            {"label": "generatorURL", "value": "https://play.grafana.org/alerting/1afz29v7z/edit"},
            {
                "label": "silenceURL",
                "value": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana"
                "&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1",
            },
            {"label": "values", "value": "B=44.23943737541908, C=1"},
        ),
    )
    assert (cpu.kind, cpu.third_party_id, cpu.title) == (
        ActionKind.CREATE,
        "bc97ff14869b13e3",
        "High CPU usage: This alert was triggered for zone eu-1",
    )


def test_a_resolved_entry_resolves_its_fingerprint() -> None:
    payload = fixture("grafana", "notification__firing")
    payload["alerts"][0]["status"] = "resolved"  # the documented notification once the first alert resolved
    actions = HANDLER.interpret(InboundRequest("POST", {}, orjson.dumps(payload)))
    assert actions[0] == AlertAction(ActionKind.RESOLVE, third_party_id="c6eadffa33fcdf37")
    assert actions[1].kind is ActionKind.CREATE


def test_body_and_timestamped_signatures_verify() -> None:
    body = fixture_bytes("grafana", "notification__firing")
    assert HANDLER.verify(InboundRequest("POST", sign(body), body), [SECRET], NOW).ok
    stamp = int(NOW.timestamp())
    stamped = InboundRequest("POST", sign(body, stamp), body, options=STAMPED)
    assert HANDLER.verify(stamped, ["next", SECRET], NOW).ok
    assert HANDLER.verify(InboundRequest("POST", {}, body), [], NOW).ok


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("forged", "the signature does not match"),
        ("missing", "X-Grafana-Alerting-Signature is missing"),
        ("stale", "X-Grafana-Alerting-Timestamp is missing or not within five minutes of now"),
        ("unstamped", "X-Grafana-Alerting-Timestamp is missing or not within five minutes of now"),
    ],
)
def test_forged_missing_and_stale_signatures_are_refused(case: str, reason: str) -> None:
    body = fixture_bytes("grafana", "notification__firing")
    stamp = int(NOW.timestamp())
    headers = {
        "forged": sign(body, stamp, "guess"),
        "missing": {},
        "stale": sign(body, int((NOW - timedelta(minutes=10)).timestamp())),
        "unstamped": sign(body),
    }[case]
    verdict = HANDLER.verify(InboundRequest("POST", headers, body, options=STAMPED), [SECRET], NOW)
    assert (verdict.ok, verdict.reason) == (False, reason)
