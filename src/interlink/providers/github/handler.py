"""GitHub: ``X-Hub-Signature-256`` over the raw body; the event named by ``X-GitHub-Event``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interlink.sdk.inbound import (
    ActionKind,
    AlertAction,
    BaseHandler,
    InboundRequest,
    Verdict,
    any_matches,
    hmac_hex,
    normal_urgency,
)

FAILED = {"failure", "timed_out", "startup_failure"}
DEPENDABOT_CLOSED = {"fixed", "dismissed", "auto_dismissed"}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class GitHubHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.refuse("the integration has no webhook secret")
        offered = (request.header("x-hub-signature-256") or "").strip()
        if not offered:
            return Verdict.refuse("X-Hub-Signature-256 is missing")
        wanted = ["sha256=" + hmac_hex(secret, request.body) for secret in secrets]
        return Verdict.accept() if any_matches([offered], wanted) else Verdict.refuse("the signature does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        event = request.header("x-github-event") or ""
        payload = request.json()
        if not isinstance(payload, dict):
            raise ValueError("a GitHub webhook body is a JSON object")
        if event == "workflow_run":
            return [self._workflow_run(payload)]
        if event == "dependabot_alert":
            return [self._dependabot(payload)]
        return [AlertAction(ActionKind.IGNORE, reason=f"GitHub event {event or '(none)'} is not an alert")]

    def _workflow_run(self, payload: dict[str, Any]) -> AlertAction:
        run = _dict(payload.get("workflow_run"))
        repo = _dict(payload.get("repository")).get("full_name", "")
        workflow = _dict(payload.get("workflow")).get("name") or run.get("name") or "workflow"
        branch = run.get("head_branch") or ""
        key = f"{repo}/workflow/{run.get('workflow_id') or _dict(payload.get('workflow')).get('id')}/{branch}"
        if payload.get("action") != "completed":
            return AlertAction(ActionKind.IGNORE, reason=f"workflow run {payload.get('action')}")
        if run.get("conclusion") == "success":
            return AlertAction(ActionKind.RESOLVE, third_party_id=key)
        if run.get("conclusion") not in FAILED:
            return AlertAction(ActionKind.IGNORE, reason=f"workflow run concluded {run.get('conclusion')}")
        return AlertAction(
            ActionKind.CREATE,
            title=f"Workflow {workflow} failed on {repo}@{branch}",
            description=_dict(run.get("head_commit")).get("message"),
            urgency="high",
            third_party_id=key,
            tags=("github", "workflow_run"),
            additional_data=({"label": "run", "value": run.get("html_url")},),
        )

    def _dependabot(self, payload: dict[str, Any]) -> AlertAction:
        alert = _dict(payload.get("alert"))
        repo = _dict(payload.get("repository")).get("full_name", "")
        key = f"{repo}/dependabot/{alert.get('number')}"
        action = payload.get("action")
        if action in DEPENDABOT_CLOSED:
            return AlertAction(ActionKind.RESOLVE, third_party_id=key)
        if action not in {"created", "reopened", "reintroduced"}:
            return AlertAction(ActionKind.IGNORE, reason=f"dependabot alert {action}")
        advisory = _dict(alert.get("security_advisory"))
        package = _dict(_dict(alert.get("dependency")).get("package"))
        return AlertAction(
            ActionKind.CREATE,
            title=f"{repo}: {advisory.get('summary') or 'Dependabot alert'}",
            description=advisory.get("description"),
            urgency=normal_urgency(advisory.get("severity"), "medium"),
            third_party_id=key,
            tags=("github", "dependabot", f"{package.get('ecosystem')}:{package.get('name')}"),
            additional_data=({"label": "alert", "value": alert.get("html_url")},),
        )


HANDLER = GitHubHandler()
