"""Stripe: events become exactly these actions; forged, stale and missing signatures are refused."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from interlink.providers.stripe.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.inbound.helpers import fixture, fixture_bytes

NOW = datetime(2023, 6, 6, 22, 20, tzinfo=UTC)
SECRET = "whsec_test_stripe_endpoint_secret"


def signature(body: bytes, at: datetime = NOW, secret: str = SECRET) -> str:
    stamp = int(at.timestamp())
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"


def event(kind: str, obj: dict[str, object]) -> bytes:
    """The documented event envelope around another documented object type."""
    envelope = fixture("stripe", "setup_intent__created")
    envelope["type"], envelope["data"] = kind, {"object": obj}
    return orjson.dumps(envelope)


def test_the_documented_setup_intent_event_is_ignored() -> None:
    body = fixture_bytes("stripe", "setup_intent__created")
    assert HANDLER.interpret(InboundRequest("POST", {}, body)) == [
        AlertAction(ActionKind.IGNORE, reason="Stripe event setup_intent.created is not an alert")
    ]


def test_a_dispute_opens_an_alert_and_closing_it_resolves_it() -> None:
    dispute = {"id": "dp_1MqHHZ2eZvKYlo2C", "object": "dispute", "amount": 1000, "currency": "usd", "reason": "general"}
    [opened] = HANDLER.interpret(InboundRequest("POST", {}, event("charge.dispute.created", dispute)))
    assert opened == AlertAction(
        ActionKind.CREATE,
        title="Stripe charge.dispute.created dp_1MqHHZ2eZvKYlo2C (10.00 USD, general)",
        urgency="high",
        third_party_id="dispute:dp_1MqHHZ2eZvKYlo2C",
        tags=("stripe", "charge.dispute.created", "test"),
        additional_data=({"label": "event", "value": "evt_1NG8Du2eZvKYlo2CUI79vXWy"},),
    )
    [closed] = HANDLER.interpret(InboundRequest("POST", {}, event("charge.dispute.closed", dispute)))
    assert closed == AlertAction(ActionKind.RESOLVE, third_party_id="dispute:dp_1MqHHZ2eZvKYlo2C")


def test_signatures_verify_with_either_secret_during_a_roll() -> None:
    body = fixture_bytes("stripe", "setup_intent__created")
    request = InboundRequest("POST", {"stripe-signature": signature(body)}, body)
    assert HANDLER.verify(request, [SECRET], NOW).ok
    assert HANDLER.verify(request, ["whsec_new", SECRET], NOW).ok


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("forged", "the signature does not match"),
        ("stale", "the signed timestamp is not within five minutes of now"),
        ("missing", "Stripe-Signature is missing"),
        ("garbled", "Stripe-Signature has no timestamp or no v1 signature"),
    ],
)
def test_forged_stale_missing_and_garbled_signatures_are_refused(case: str, reason: str) -> None:
    body = fixture_bytes("stripe", "setup_intent__created")
    headers = {
        "forged": {"stripe-signature": signature(body, secret="whsec_guess")},
        "stale": {"stripe-signature": signature(body, NOW - timedelta(minutes=6))},
        "missing": {},
        "garbled": {"stripe-signature": "v1=abc"},
    }[case]
    verdict = HANDLER.verify(InboundRequest("POST", headers, body), [SECRET], NOW)
    assert (verdict.ok, verdict.reason) == (False, reason)
