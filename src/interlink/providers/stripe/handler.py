"""Stripe: ``Stripe-Signature: t=…,v1=…`` over ``{t}.{body}``, five minutes' tolerance; events by ``type``."""

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
)

TOLERANCE = 300.0
# event type -> (action, kind of object, urgency)
EVENTS: dict[str, tuple[ActionKind, str, str | None]] = {
    "charge.dispute.created": (ActionKind.CREATE, "dispute", "high"),
    "charge.dispute.closed": (ActionKind.RESOLVE, "dispute", None),
    "invoice.payment_failed": (ActionKind.CREATE, "invoice", "medium"),
    "invoice.paid": (ActionKind.RESOLVE, "invoice", None),
    "invoice.payment_succeeded": (ActionKind.RESOLVE, "invoice", None),
    "payment_intent.payment_failed": (ActionKind.CREATE, "payment_intent", "low"),
    "payment_intent.succeeded": (ActionKind.RESOLVE, "payment_intent", None),
    "radar.early_fraud_warning.created": (ActionKind.CREATE, "early_fraud_warning", "high"),
}


def parse_signature(header: str) -> tuple[str, list[str]]:
    """The timestamp and every ``v1`` signature of a ``Stripe-Signature`` header."""
    stamp, signatures = "", []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            stamp = value
        elif key == "v1":
            signatures.append(value)
    return stamp, signatures


def _money(obj: dict[str, Any]) -> str:
    amount, currency = obj.get("amount") or obj.get("amount_due"), obj.get("currency")
    if isinstance(amount, int) and isinstance(currency, str):
        return f"{amount / 100:.2f} {currency.upper()}"
    return ""


class StripeHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.refuse("the integration has no signing secret")
        header = request.header("stripe-signature")
        if not header:
            return Verdict.refuse("Stripe-Signature is missing")
        stamp, offered = parse_signature(header)
        if not stamp.isdigit() or not offered:
            return Verdict.refuse("Stripe-Signature has no timestamp or no v1 signature")
        if not fresh(int(stamp), now, TOLERANCE):
            return Verdict.refuse("the signed timestamp is not within five minutes of now")
        wanted = [hmac_hex(secret, stamp.encode() + b"." + request.body) for secret in secrets]
        return Verdict.accept() if any_matches(offered, wanted) else Verdict.refuse("the signature does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        event = request.json()
        if not isinstance(event, dict) or event.get("object") != "event":
            raise ValueError("a Stripe webhook body is an event object")
        kind = str(event.get("type") or "")
        if kind not in EVENTS:
            return [AlertAction(ActionKind.IGNORE, reason=f"Stripe event {kind or '(none)'} is not an alert")]
        action, noun, urgency = EVENTS[kind]
        obj = event.get("data", {}).get("object") if isinstance(event.get("data"), dict) else None
        obj = obj if isinstance(obj, dict) else {}
        third_party_id = f"{noun}:{obj.get('id')}"
        if action is ActionKind.RESOLVE:
            return [AlertAction(ActionKind.RESOLVE, third_party_id=third_party_id)]
        reason = obj.get("reason") or (obj.get("last_payment_error") or {}).get("message") or ""
        details = ", ".join(part for part in (_money(obj), str(reason)) if part)
        mode = "live" if event.get("livemode") else "test"
        return [
            AlertAction(
                ActionKind.CREATE,
                title=f"Stripe {kind} {obj.get('id')}" + (f" ({details})" if details else ""),
                urgency=urgency,
                third_party_id=third_party_id,
                tags=("stripe", kind, mode),
                additional_data=({"label": "event", "value": event.get("id")},),
            )
        ]


HANDLER = StripeHandler()
