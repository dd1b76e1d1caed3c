"""JMESPath mappings from any JSON payload to an alert action, and Standard Webhooks verification for receivers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError

from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest, Verdict, fresh, normal_urgency
from interlink.sdk.signing import verify as verify_signature

FIELDS = (
    "titleExpression",
    "descriptionExpression",
    "urgencyExpression",
    "thirdPartyIdExpression",
    "actionExpression",
    "tagsExpression",
    "dedupKeysExpression",
)
ACTIONS = {
    ActionKind.CREATE: {"create", "open", "opened", "firing", "trigger", "triggered", "alert", "alerting", "problem"},
    ActionKind.ACKNOWLEDGE: {"acknowledge", "acknowledged", "ack"},
    ActionKind.RESOLVE: {"resolve", "resolved", "ok", "closed", "close", "recovered", "recovery"},
    ActionKind.IGNORE: {"ignore", "ignored", "test", "ping"},
}
TOLERANCE = 300.0


def _search(options: Mapping[str, Any], defaults: Mapping[str, str], key: str, payload: Any) -> Any:
    expression = options.get(key) or defaults.get(key, "")
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
    """A source's action word (``firing``, ``resolved``, ``ack``, …) as an action; anything else creates."""
    word = str(value or "").strip().lower()
    last = word.rsplit(".", 1)[-1]  # event types such as ``incident.resolved``
    return next((kind for kind, words in ACTIONS.items() if word in words or last in words), ActionKind.CREATE)


def map_payload(
    payload: Any, options: Mapping[str, Any], defaults: Mapping[str, str], fallback_title: str
) -> AlertAction:
    """The alert action ``payload`` means under the expressions of ``options`` (else ``defaults``)."""
    kind = action_of(_search(options, defaults, "actionExpression", payload))
    return AlertAction(
        kind,
        title=_text(_search(options, defaults, "titleExpression", payload)) or fallback_title,
        description=_text(_search(options, defaults, "descriptionExpression", payload)),
        urgency=normal_urgency(_search(options, defaults, "urgencyExpression", payload)),
        third_party_id=_text(_search(options, defaults, "thirdPartyIdExpression", payload)),
        dedup_keys=_texts(_search(options, defaults, "dedupKeysExpression", payload)),
        tags=_texts(_search(options, defaults, "tagsExpression", payload)),
    )


def compile_check(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The expressions among ``options`` that do not compile, with why."""
    problems: list[tuple[str, str]] = []
    for key in FIELDS:
        value = options.get(key)
        if isinstance(value, str) and value:
            try:
                jmespath.compile(value)
            except JMESPathError as exc:
                problems.append((key, str(exc).splitlines()[0]))
    return problems


def verify_standard_webhook(request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
    """Standard Webhooks: ``webhook-id``, ``webhook-timestamp`` within five minutes, a ``v1`` signature."""
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
    return Verdict.accept() if matches else Verdict.refuse("the signature does not match")
