"""Slack (incoming): Slack's worked signature example verifies; events and commands become exactly these actions."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest

from interlink.providers.slack_inbound.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.conftest import Tenant
from tests.inbound.helpers import fixture, fixture_bytes, receiver

DOC = fixture("slack_inbound", "slash_command__documented_signature")
FORM = "application/x-www-form-urlencoded"
SECRET = "slack-signing-secret"


def signed(body: bytes, at: datetime, secret: str = SECRET, content_type: str = "application/json") -> dict[str, str]:
    stamp = str(int(at.timestamp()))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"x-slack-request-timestamp": stamp, "x-slack-signature": f"v0={digest}", "content-type": content_type}


def documented() -> InboundRequest:
    headers = {
        "x-slack-request-timestamp": DOC["timestamp"],
        "x-slack-signature": DOC["signature"],
        "content-type": FORM,
    }
    return InboundRequest("POST", headers, DOC["body"].encode())


def test_slacks_worked_example_verifies_and_becomes_an_alert() -> None:
    at = datetime.fromtimestamp(int(DOC["timestamp"]), UTC)
    assert HANDLER.verify(documented(), [DOC["signingSecret"]], at + timedelta(seconds=30)).ok
    assert HANDLER.interpret(documented()) == [
        AlertAction(
            ActionKind.CREATE,
            title="/webhook-collect from roadrunner",
            third_party_id="398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
            tags=("slack", "command:/webhook-collect", "channel:foobar", "user:roadrunner"),
        )
    ]
    assert orjson.loads(HANDLER.reply(documented()).body)["response_type"] == "ephemeral"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("forged", "the signature does not match"),
        ("stale", "X-Slack-Request-Timestamp is not within five minutes of now"),
        ("missing", "X-Slack-Request-Timestamp and X-Slack-Signature are required"),
    ],
)
def test_forged_stale_and_missing_signatures_are_refused(case: str, reason: str) -> None:
    at = datetime.fromtimestamp(int(DOC["timestamp"]), UTC)
    stale = at + timedelta(minutes=6)
    headers = dict(documented().headers)
    if case == "forged":
        headers["x-slack-signature"] = "v0=" + "0" * 64
    if case == "missing":
        del headers["x-slack-signature"]
    now = stale if case == "stale" else at
    verdict = HANDLER.verify(InboundRequest("POST", headers, DOC["body"].encode()), [DOC["signingSecret"]], now)
    assert (verdict.ok, verdict.reason) == (False, reason)


def test_an_app_mention_opens_an_alert() -> None:
    body = fixture_bytes("slack_inbound", "event_callback__app_mention")
    assert HANDLER.interpret(InboundRequest("POST", {"content-type": "application/json"}, body)) == [
        AlertAction(
            ActionKind.CREATE,
            title="What is the hour of the pearl, <@U0LAN0Z89>?",
            description="What is the hour of the pearl, <@U0LAN0Z89>?",
            third_party_id="C123ABC456/1515449522.000016",
            tags=("slack", "channel:C123ABC456", "user:U123ABC456"),
        )
    ]


async def test_the_url_verification_challenge_is_answered_through_the_intake(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    slack = await receiver(client, tenant, "slack_inbound", "Slack", credentials={"signingSecret": SECRET})
    body = fixture_bytes("slack_inbound", "url_verification")
    answer = await client.post(slack["inboundUrl"], content=body, headers=signed(body, datetime.now(UTC)))
    assert answer.status_code == 200
    assert answer.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert HANDLER.interpret(InboundRequest("POST", {}, body)) == [
        AlertAction(ActionKind.IGNORE, reason="Slack URL verification")
    ]
    forged = await client.post(slack["inboundUrl"], content=body, headers=signed(body, datetime.now(UTC), "guess"))
    assert forged.status_code == 401
