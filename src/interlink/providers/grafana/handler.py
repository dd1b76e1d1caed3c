"""Grafana: Alertmanager-shaped notifications; HMAC-SHA256 hex of the body, or of ``timestamp:body``."""

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
    fresh,
    hmac_hex,
    normal_urgency,
)

TOLERANCE = 300.0


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class GrafanaHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.accept()
        header = str(request.options.get("signatureHeader") or "X-Grafana-Alerting-Signature")
        offered = (request.header(header) or "").strip().lower()
        if not offered:
            return Verdict.refuse(f"{header} is missing")
        signed = request.body
        stamp_header = request.options.get("timestampHeader")
        if stamp_header:
            stamp = (request.header(str(stamp_header)) or "").strip()
            if not stamp.isdigit() or not fresh(int(stamp), now, TOLERANCE):
                return Verdict.refuse(f"{stamp_header} is missing or not within five minutes of now")
            signed = stamp.encode() + b":" + request.body
        wanted = [hmac_hex(secret, signed) for secret in secrets]
        return Verdict.accept() if any_matches([offered], wanted) else Verdict.refuse("the signature does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        if not isinstance(payload, dict) or not isinstance(payload.get("alerts"), list):
            raise ValueError("a Grafana notification has an alerts list")
        return [self._one(entry) for entry in payload["alerts"] if isinstance(entry, dict)]

    def _one(self, entry: dict[str, Any]) -> AlertAction:
        labels = _dict(entry.get("labels"))
        notes = _dict(entry.get("annotations"))
        fingerprint = _text(entry.get("fingerprint")) or None
        if entry.get("status") == "resolved":
            return AlertAction(ActionKind.RESOLVE, third_party_id=fingerprint)
        name = _text(labels.get("alertname")) or "Grafana alert"
        summary = _text(notes.get("summary"))
        links = [
            {"label": key, "value": entry.get(key)}
            for key in ("generatorURL", "silenceURL", "dashboardURL", "panelURL", "imageURL")
            if _text(entry.get(key))
        ]
        values = _dict(entry.get("values"))
        extra = [{"label": "values", "value": ", ".join(f"{k}={v}" for k, v in values.items())}] if values else []
        return AlertAction(
            ActionKind.CREATE,
            title=f"{name}: {summary}" if summary else name,
            description=_text(notes.get("description")) or None,
            urgency=normal_urgency(labels.get("severity")),
            third_party_id=fingerprint,
            tags=tuple(f"{k}={v}" for k, v in sorted(labels.items()) if isinstance(v, str)),
            additional_data=(*links, *extra),
        )


HANDLER = GrafanaHandler()
