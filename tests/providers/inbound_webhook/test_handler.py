"""The generic inbound webhook: JMESPath mappings over documented payloads, Standard Webhooks signatures."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from interlink.providers.inbound_webhook.handler import HANDLER
from interlink.sdk.alert_mapping import compile_check
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from interlink.sdk.signing import new_secret
from tests.inbound.helpers import fixture_bytes

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
# PagerTree's documented webhook body (event_type, Id, Title, Description, Tags) mapped by expressions.
PAGERTREE = {
    "actionExpression": "event_type",
    "thirdPartyIdExpression": "Id",
    "titleExpression": "Title",
    "descriptionExpression": "Description",
    "tagsExpression": "Tags",
    "urgencyExpression": "Meta.incident_severity == 'SEV-1' && 'critical' || null",
}


def request(name: str, options: dict[str, str] | None = None, **headers: str) -> InboundRequest:
    body = fixture_bytes("inbound_webhook", name)
    return InboundRequest("POST", {k.lower(): v for k, v in headers.items()}, body, options=options or {})


def test_the_documented_pagertree_body_with_tags_and_meta() -> None:
    assert HANDLER.interpret(request("pagertree_webhook__create", PAGERTREE)) == [
        AlertAction(
            ActionKind.CREATE,
            title="Example Incident Title",
            description="Example Incident Description",
            urgency="critical",
            third_party_id="example-id-123",
            tags=("a", "b", "c"),
        )
    ]


def test_the_documented_minimal_pagertree_body() -> None:
    assert HANDLER.interpret(request("pagertree_webhook__minimal", PAGERTREE)) == [
        AlertAction(
            ActionKind.CREATE,
            title="Example Incident Title",
            description="Example Incident Description",
            third_party_id="example-id-123",
        )
    ]


def test_the_standard_webhooks_example_with_the_default_expressions_and_with_its_own() -> None:
    defaults = HANDLER.interpret(request("standard_webhooks__contact_created"))
    assert defaults == [AlertAction(ActionKind.CREATE, title="Inbound webhook alert")]
    mapped = HANDLER.interpret(
        request(
            "standard_webhooks__contact_created",
            {"titleExpression": "type", "thirdPartyIdExpression": "data.id", "dedupKeysExpression": "[type]"},
        )
    )
    assert mapped == [
        AlertAction(
            ActionKind.CREATE,
            title="contact.created",
            third_party_id="1f81eb52-5198-4599-803e-771906343485",
            dedup_keys=("contact.created",),
        )
    ]


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("resolved", ActionKind.RESOLVE),
        ("ACK", ActionKind.ACKNOWLEDGE),
        ("ping", ActionKind.IGNORE),
        (None, ActionKind.CREATE),
    ],
)
def test_the_action_words_a_source_may_use(word: str | None, kind: ActionKind) -> None:
    body = InboundRequest("POST", {}, b'{"status": %s, "title": "x"}' % (f'"{word}"' if word else "null").encode())
    assert HANDLER.interpret(body)[0].kind is kind


def test_a_broken_expression_or_body_is_a_readable_error() -> None:
    assert compile_check({"titleExpression": "a.[", "tagsExpression": "tags"})[0][0] == "titleExpression"
    with pytest.raises(ValueError, match="titleExpression"):
        HANDLER.interpret(request("pagertree_webhook__minimal", {"titleExpression": "a.["}))
    with pytest.raises(ValueError):
        HANDLER.interpret(InboundRequest("POST", {}, b"not json"))


def signed(secret: str, at: datetime, body: bytes, msg_id: str = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W") -> dict[str, str]:
    signature = Webhook(secret).sign(msg_id, at, body.decode())
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())), "webhook-signature": signature}


def test_a_standard_webhooks_signature_verifies_including_the_previous_secret() -> None:
    secret, old = new_secret(), new_secret()
    body = fixture_bytes("inbound_webhook", "standard_webhooks__contact_created")
    good = InboundRequest("POST", signed(secret, NOW, body), body)
    assert HANDLER.verify(good, [secret], NOW).ok
    assert HANDLER.verify(InboundRequest("POST", signed(old, NOW, body), body), [f"{secret} {old}"], NOW).ok
    assert HANDLER.verify(good, [], NOW).ok, "without a secret the token in the URL is the only check"


def test_forged_stale_and_missing_signatures_are_refused() -> None:
    secret = new_secret()
    body = fixture_bytes("inbound_webhook", "standard_webhooks__contact_created")
    forged = signed(new_secret(), NOW, body)
    stale = signed(secret, NOW - timedelta(minutes=6), body)
    tampered = signed(secret, NOW, body)
    missing: dict[str, str] = {}
    verdicts = {
        "forged": HANDLER.verify(InboundRequest("POST", forged, body), [secret], NOW),
        "stale": HANDLER.verify(InboundRequest("POST", stale, body), [secret], NOW),
        "tampered": HANDLER.verify(InboundRequest("POST", tampered, body + b" "), [secret], NOW),
        "missing": HANDLER.verify(InboundRequest("POST", missing, body), [secret], NOW),
    }
    assert {k: v.ok for k, v in verdicts.items()} == dict.fromkeys(verdicts, False)
    assert verdicts["stale"].reason == "webhook-timestamp is not within five minutes of now"
    assert verdicts["missing"].reason == "webhook-id, webhook-timestamp and webhook-signature are required"
    bad_secret = HANDLER.verify(InboundRequest("POST", signed(secret, NOW, body), body), ["not base64 !"], NOW)
    assert bad_secret.reason == "the integration's signing secret is not a whsec_ secret"
    assert base64.b64decode(secret.removeprefix("whsec_"))
