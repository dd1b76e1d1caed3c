"""GitHub: each fixture becomes exactly these alert actions; forged and missing signatures are refused."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import orjson
import pytest

from interlink.providers.github.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.inbound.helpers import fixture, fixture_bytes

NOW = datetime(2024, 1, 1, tzinfo=UTC)
SECRET = "It's a Secret to Everybody"


def request(event: str, body: bytes, signature: str | None = None) -> InboundRequest:
    headers = {"x-github-event": event}
    if signature is not None:
        headers["x-hub-signature-256"] = signature
    return InboundRequest("POST", headers, body)


def signed(event: str, body: bytes, secret: str = SECRET) -> InboundRequest:
    return request(event, body, "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest())


def test_githubs_documented_example_signature_verifies() -> None:
    # docs.github.com, "Validating webhook deliveries": this secret and body give this signature.
    example = request(
        "ping",
        b"Hello, World!",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    )
    assert HANDLER.verify(example, [SECRET], NOW).ok


@pytest.mark.parametrize(
    ("headers", "secrets", "reason"),
    [
        ({}, [SECRET], "X-Hub-Signature-256 is missing"),
        ({"x-hub-signature-256": "sha256=" + "0" * 64}, [SECRET], "the signature does not match"),
        ({"x-hub-signature-256": "sha1=abc"}, [SECRET], "the signature does not match"),
        ({}, [], "the integration has no webhook secret"),
    ],
)
def test_forged_missing_and_unconfigured_signatures_are_refused(
    headers: dict[str, str], secrets: list[str], reason: str
) -> None:
    verdict = HANDLER.verify(InboundRequest("POST", headers, fixture_bytes("github", "ping")), secrets, NOW)
    assert (verdict.ok, verdict.reason) == (False, reason)


def test_the_previous_secret_still_verifies_during_a_rotation() -> None:
    body = fixture_bytes("github", "ping")
    assert HANDLER.verify(signed("ping", body, "old secret"), ["new secret", "old secret"], NOW).ok


def test_ping_is_ignored() -> None:
    [action] = HANDLER.interpret(signed("ping", fixture_bytes("github", "ping")))
    assert action == AlertAction(ActionKind.IGNORE, reason="GitHub event ping is not an alert")


def test_a_requested_workflow_run_is_ignored() -> None:
    [action] = HANDLER.interpret(signed("workflow_run", fixture_bytes("github", "workflow_run__requested")))
    assert action == AlertAction(ActionKind.IGNORE, reason="workflow run requested")


def test_a_successful_workflow_run_resolves_the_workflows_alert_on_that_branch() -> None:
    [action] = HANDLER.interpret(signed("workflow_run", fixture_bytes("github", "workflow_run__completed")))
    assert action == AlertAction(ActionKind.RESOLVE, third_party_id="octo-org/octo-repo/workflow/2823525/master")


def test_a_failed_workflow_run_opens_an_alert() -> None:
    payload = fixture("github", "workflow_run__completed")
    payload["workflow_run"]["conclusion"] = "failure"  # the documented run, as it looks when it fails
    [action] = HANDLER.interpret(signed("workflow_run", orjson.dumps(payload)))
    assert action == AlertAction(
        ActionKind.CREATE,
        title="Workflow test failed on octo-org/octo-repo@master",
        description="build(test): check workflow run event payload",
        urgency="high",
        third_party_id="octo-org/octo-repo/workflow/2823525/master",
        tags=("github", "workflow_run"),
        additional_data=({"label": "run", "value": "https://github.com/octo-org/octo-repo/actions/runs/289782451"},),
    )


def test_a_new_dependabot_alert_opens_an_alert() -> None:
    [action] = HANDLER.interpret(signed("dependabot_alert", fixture_bytes("github", "dependabot_alert__created")))
    payload = fixture("github", "dependabot_alert__created")
    assert action == AlertAction(
        ActionKind.CREATE,
        title="wolfy1339/pika-pack: semver vulnerable to Regular Expression Denial of Service",
        description=payload["alert"]["security_advisory"]["description"],
        urgency="medium",
        third_party_id="wolfy1339/pika-pack/dependabot/20",
        tags=("github", "dependabot", "npm:semver"),
        additional_data=({"label": "alert", "value": "https://github.com/wolfy1339/pika-pack/security/dependabot/20"},),
    )


def test_a_fixed_dependabot_alert_resolves_it() -> None:
    [action] = HANDLER.interpret(signed("dependabot_alert", fixture_bytes("github", "dependabot_alert__fixed")))
    assert action == AlertAction(ActionKind.RESOLVE, third_party_id="octocat/hello-world/dependabot/1")


def test_a_body_that_is_not_json_cannot_be_interpreted() -> None:
    with pytest.raises(ValueError):
        HANDLER.interpret(signed("workflow_run", b"payload=%7B%7D"))
