"""Slack: ``v0`` HMAC-SHA256 of ``v0:{timestamp}:{body}``, five minutes' tolerance; JSON events or a form."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from interlink.sdk.inbound import (
    ActionKind,
    AlertAction,
    BaseHandler,
    InboundRequest,
    Reply,
    Verdict,
    any_matches,
    fresh,
    hmac_hex,
)

TOLERANCE = 300.0


def _is_form(request: InboundRequest) -> bool:
    return "application/x-www-form-urlencoded" in (request.header("content-type") or "")


class SlackHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.refuse("the integration has no signing secret")
        stamp = (request.header("x-slack-request-timestamp") or "").strip()
        offered = (request.header("x-slack-signature") or "").strip()
        if not stamp or not offered:
            return Verdict.refuse("X-Slack-Request-Timestamp and X-Slack-Signature are required")
        if not stamp.isdigit() or not fresh(int(stamp), now, TOLERANCE):
            return Verdict.refuse("X-Slack-Request-Timestamp is not within five minutes of now")
        base = f"v0:{stamp}:".encode() + request.body
        wanted = ["v0=" + hmac_hex(secret, base) for secret in secrets]
        return Verdict.accept() if any_matches([offered], wanted) else Verdict.refuse("the signature does not match")

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        if _is_form(request):
            return [self._command(request.form())]
        payload = request.json()
        if not isinstance(payload, dict):
            raise ValueError("a Slack event body is a JSON object")
        if payload.get("type") == "url_verification":
            return [AlertAction(ActionKind.IGNORE, reason="Slack URL verification")]
        found = payload.get("event")
        event: dict[str, Any] = found if isinstance(found, dict) else {}
        if payload.get("type") != "event_callback" or event.get("type") != "app_mention":
            return [AlertAction(ActionKind.IGNORE, reason=f"Slack {event.get('type') or payload.get('type')} event")]
        text = str(event.get("text") or "").strip()
        return [
            AlertAction(
                ActionKind.CREATE,
                title=text[:200] or "Slack mention",
                description=text or None,
                third_party_id=f"{event.get('channel')}/{event.get('ts')}",
                tags=("slack", f"channel:{event.get('channel')}", f"user:{event.get('user')}"),
            )
        ]

    def _command(self, form: dict[str, str]) -> AlertAction:
        text = form.get("text", "").strip()
        command = form.get("command", "")
        who = form.get("user_name") or form.get("user_id", "")
        return AlertAction(
            ActionKind.CREATE,
            title=text[:200] or f"{command} from {who}",
            description=text or None,
            third_party_id=form.get("trigger_id") or None,
            tags=("slack", f"command:{command}", f"channel:{form.get('channel_name', '')}", f"user:{who}"),
        )

    def reply(self, request: InboundRequest) -> Reply | None:
        """Echo the Events API's URL challenge; tell a slash command's user that the alert is on its way."""
        if _is_form(request):
            return Reply(orjson.dumps({"response_type": "ephemeral", "text": "Alert received."}))
        try:
            payload = request.json()
        except ValueError:
            return None
        if isinstance(payload, dict) and payload.get("type") == "url_verification":
            return Reply(orjson.dumps({"challenge": str(payload.get("challenge", ""))}))
        return None


HANDLER = SlackHandler()
