"""Sentry: ``Sentry-Hook-Signature`` (hex HMAC-SHA256 of the body); the resource named by ``Sentry-Hook-Resource``."""

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


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class SentryHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.refuse("the integration has no client secret")
        offered = (request.header("sentry-hook-signature") or "").strip()
        if not offered:
            return Verdict.refuse("Sentry-Hook-Signature is missing")
        wanted = [hmac_hex(secret, request.body) for secret in secrets]
        return Verdict.accept() if any_matches([offered], wanted) else Verdict.refuse("the signature does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        if not isinstance(payload, dict):
            raise ValueError("a Sentry webhook body is a JSON object")
        resource = request.header("sentry-hook-resource") or ""
        action = str(payload.get("action") or "")
        data = _dict(payload.get("data"))
        if resource == "issue":
            return [self._issue(action, _dict(data.get("issue")))]
        if resource == "metric_alert":
            return [self._metric_alert(action, data)]
        if resource == "event_alert" and action == "triggered":
            event = _dict(data.get("event"))
            rule = data.get("triggered_rule") or "issue alert"
            return [
                AlertAction(
                    ActionKind.CREATE,
                    title=str(event.get("title") or rule),
                    description=f"Triggered by {rule}",
                    urgency=normal_urgency(event.get("level")),
                    third_party_id=f"issue:{event.get('issue_id')}",
                    tags=("sentry", "event_alert"),
                    additional_data=({"label": "event", "value": event.get("web_url")},),
                )
            ]
        return [AlertAction(ActionKind.IGNORE, reason=f"Sentry {resource or '(none)'} {action} is not an alert")]

    def _issue(self, action: str, issue: dict[str, Any]) -> AlertAction:
        key = f"issue:{issue.get('id')}"
        if action in {"resolved", "archived", "ignored"}:
            return AlertAction(ActionKind.RESOLVE, third_party_id=key)
        if action == "assigned":
            return AlertAction(ActionKind.ACKNOWLEDGE, third_party_id=key)
        if action not in {"created", "unresolved"}:
            return AlertAction(ActionKind.IGNORE, reason=f"Sentry issue {action} is not an alert")
        project = _dict(issue.get("project")).get("slug") or ""
        return AlertAction(
            ActionKind.CREATE,
            title=str(issue.get("title") or "Sentry issue"),
            description=issue.get("culprit") if isinstance(issue.get("culprit"), str) else None,
            urgency=normal_urgency(issue.get("level")),
            third_party_id=key,
            tags=tuple(t for t in ("sentry", str(project), str(issue.get("shortId") or "")) if t),
            additional_data=tuple(
                {"label": label, "value": issue.get(field)}
                for label, field in (("issue", "web_url"), ("first seen", "firstSeen"))
                if issue.get(field)
            ),
        )

    def _metric_alert(self, action: str, data: dict[str, Any]) -> AlertAction:
        alert = _dict(data.get("metric_alert"))
        key = f"metric_alert:{alert.get('id')}"
        if action == "resolved":
            return AlertAction(ActionKind.RESOLVE, third_party_id=key)
        return AlertAction(
            ActionKind.CREATE,
            title=str(data.get("description_title") or _dict(alert.get("alert_rule")).get("name") or "Metric alert"),
            description=data.get("description_text") if isinstance(data.get("description_text"), str) else None,
            urgency="high" if action == "critical" else "medium",
            third_party_id=key,
            tags=("sentry", "metric_alert"),
            additional_data=({"label": "incident", "value": data.get("web_url")},) if data.get("web_url") else (),
        )


HANDLER = SentryHandler()
