"""Alertmanager webhook (version 4): each entry of ``alerts[]`` by its ``fingerprint``; no signature, a token."""

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


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class AlertmanagerHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.accept()
        token = presented_token(request)
        if token is None:
            return Verdict.refuse("no bearer token or basic-auth password")
        return Verdict.accept() if any_matches([token], secrets) else Verdict.refuse("the token does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        if not isinstance(payload, dict) or not isinstance(payload.get("alerts"), list):
            raise ValueError("an Alertmanager notification has an alerts list")
        return [self._one(entry, payload) for entry in payload["alerts"] if isinstance(entry, dict)]

    def _one(self, entry: dict[str, Any], group: dict[str, Any]) -> AlertAction:
        labels = _dict(entry.get("labels"))
        notes = _dict(entry.get("annotations"))
        fingerprint = _text(entry.get("fingerprint")) or None
        if entry.get("status") == "resolved":
            return AlertAction(ActionKind.RESOLVE, third_party_id=fingerprint)
        name = _text(labels.get("alertname")) or "Alert"
        summary = _text(notes.get("summary"))
        extra = [
            {"label": key, "value": value}
            for key, value in (("startsAt", entry.get("startsAt")), ("generatorURL", entry.get("generatorURL")))
            if isinstance(value, str) and value
        ]
        return AlertAction(
            ActionKind.CREATE,
            title=f"{name}: {summary}" if summary else name,
            description=_text(notes.get("description")) or None,
            urgency=normal_urgency(labels.get("severity")),
            third_party_id=fingerprint,
            dedup_keys=(_text(group.get("groupKey")),) if group.get("groupKey") and not fingerprint else (),
            tags=tuple(f"{k}={v}" for k, v in sorted(labels.items()) if isinstance(v, str)),
            additional_data=tuple(extra),
        )


HANDLER = AlertmanagerHandler()
