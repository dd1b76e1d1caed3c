"""Datadog: a custom JSON payload of template variables (any case); a bearer token instead of a signature."""

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
    normal_urgency,
    presented_token,
)

CREATE = {"triggered", "re-triggered", "warn", "re-warn", "no data", "re-no data", "renotify"}
RESOLVE = {"recovered"}


def _filled(value: Any) -> str | None:
    """A rendered variable; an unrendered ``$NAME`` placeholder or an empty one counts as absent."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return None if not text or (text.startswith("$") and text[1:].replace("_", "").isalnum()) else text


class DatadogHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.accept()
        token = presented_token(request)
        if token is None:
            return Verdict.refuse("no bearer token or basic-auth password")
        return Verdict.accept() if any_matches([token], secrets) else Verdict.refuse("the token does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        if not isinstance(payload, dict):
            raise ValueError("a Datadog webhook body is a JSON object")
        fields = {str(k).lower(): v for k, v in payload.items()}

        def get(*names: str) -> str | None:
            return next((v for v in (_filled(fields.get(n)) for n in names) if v), None)

        transition = (get("alert_transition") or "").lower()
        monitor = get("alert_id", "monitor_id")
        aggregate = get("aggreg_key", "aggregation_key")
        if transition in RESOLVE:
            return [
                AlertAction(ActionKind.RESOLVE, third_party_id=monitor, dedup_keys=(aggregate,) if aggregate else ())
            ]
        if transition not in CREATE:
            return [AlertAction(ActionKind.IGNORE, reason=f"Datadog transition {transition or '(none)'}")]
        tags = tuple(dict.fromkeys(t.strip() for t in (get("tags") or "").split(",") if t.strip()))
        extra = [
            {"label": label, "value": value}
            for label, value in (("link", get("link", "url")), ("event", get("event_title", "title")))
            if value
        ]
        warn = transition in {"warn", "re-warn"}
        return [
            AlertAction(
                ActionKind.CREATE,
                title=get("alert_title", "event_title", "title") or "Datadog monitor alert",
                description=get("text_only_msg", "body", "alert_status"),
                urgency="medium" if warn else normal_urgency(get("alert_priority", "priority", "severity")),
                third_party_id=monitor,
                dedup_keys=(aggregate,) if aggregate else (),
                tags=tags,
                additional_data=tuple(extra),
            )
        ]


HANDLER = DatadogHandler()
