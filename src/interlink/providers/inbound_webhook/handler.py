"""Generic JSON: JMESPath expressions pick an alert out of any payload; Standard Webhooks signatures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError

from interlink.sdk.inbound import ActionKind, AlertAction, BaseHandler, InboundRequest, Verdict, fresh, normal_urgency
from interlink.sdk.signing import verify as verify_signature

DEFAULTS = {
    "titleExpression": "title || summary || message || name",
    "descriptionExpression": "description || details",
    "urgencyExpression": "urgency || severity || priority",
    "thirdPartyIdExpression": "id || alert_id || key",
    "actionExpression": "action || status || state",
    "tagsExpression": "tags",
    "dedupKeysExpression": "",
}
ACTIONS = {
    ActionKind.CREATE: {"create", "open", "opened", "firing", "trigger", "triggered", "alert", "alerting", "problem"},
    ActionKind.ACKNOWLEDGE: {"acknowledge", "acknowledged", "ack"},
    ActionKind.RESOLVE: {"resolve", "resolved", "ok", "closed", "close", "recovered", "recovery"},
    ActionKind.IGNORE: {"ignore", "ignored", "test", "ping"},
}
TOLERANCE = 300.0


def _search(options: dict[str, Any], key: str, payload: Any) -> Any:
    expression = options.get(key) or DEFAULTS[key]
    if not expression:
        return None
    try:
        return jmespath.search(expression, payload)
    except JMESPathError as exc:
        raise ValueError(f"{key}: {exc}") from None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None and not isinstance(v, (dict, list)))
    if isinstance(value, dict):
        return tuple(f"{k}={v}" for k, v in value.items() if not isinstance(v, (dict, list)))
    return (str(value),) if value is not None else ()


def action_of(value: Any) -> ActionKind:
    word = str(value or "").strip().lower()
    return next((kind for kind, words in ACTIONS.items() if word in words), ActionKind.CREATE)


def compile_check(options: dict[str, Any]) -> list[tuple[str, str]]:
    """The expressions among ``options`` that do not compile, with why."""
    problems: list[tuple[str, str]] = []
    for key in DEFAULTS:
        value = options.get(key)
        if isinstance(value, str) and value:
            try:
                jmespath.compile(value)
            except JMESPathError as exc:
                problems.append((key, str(exc).splitlines()[0]))
    return problems


class GenericWebhookHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.accept()
        msg_id = request.header("webhook-id")
        stamp = request.header("webhook-timestamp")
        signature = request.header("webhook-signature")
        if not (msg_id and stamp and signature):
            return Verdict.refuse("webhook-id, webhook-timestamp and webhook-signature are required")
        if not stamp.isdigit() or not fresh(int(stamp), now, TOLERANCE):
            return Verdict.refuse("webhook-timestamp is not within five minutes of now")
        try:
            matches = verify_signature(" ".join(secrets), msg_id, int(stamp), request.body, signature)
        except ValueError:
            return Verdict.refuse("the integration's signing secret is not a whsec_ secret")
        if not matches:
            return Verdict.refuse("the signature does not match")
        return Verdict.accept()

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        items = payload if isinstance(payload, list) else [payload]
        return [self._one(item, request.options) for item in items[:100]]

    def _one(self, payload: Any, options: dict[str, Any]) -> AlertAction:
        kind = action_of(_search(options, "actionExpression", payload))
        return AlertAction(
            kind,
            title=_text(_search(options, "titleExpression", payload)) or "Inbound webhook alert",
            description=_text(_search(options, "descriptionExpression", payload)),
            urgency=normal_urgency(_search(options, "urgencyExpression", payload)),
            third_party_id=_text(_search(options, "thirdPartyIdExpression", payload)),
            dedup_keys=_texts(_search(options, "dedupKeysExpression", payload)),
            tags=_texts(_search(options, "tagsExpression", payload)),
        )


HANDLER = GenericWebhookHandler()
