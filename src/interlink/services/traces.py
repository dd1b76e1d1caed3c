"""One trace id, end to end: the inbound request, the alert and its steps, each message and delivery attempt."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from interlink.core.errors import NotFound
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.store import traces as store

TRACE_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Step:
    """One thing that happened under the trace."""

    at: datetime
    kind: str
    id: str
    detail: dict[str, Any] = field(default_factory=dict)


async def steps(hub: Hub, caller: Caller, trace_id: str) -> list[Step]:
    """Every step in time order; 404 when nothing in the caller's environment carries the id."""
    caller.require(READ)
    if not TRACE_ID.match(trace_id):
        raise NotFound(f"Trace {trace_id} not found")
    env = caller.environment_id
    found: list[Step] = []
    async with hub.db.read() as session:
        for event in await store.inbound_events(session, env, trace_id):
            detail: dict[str, Any] = {
                "integrationId": event.integration_id,
                "outcome": event.outcome,
                "reason": event.reason,
            }
            found.append(Step(event.received_at, "inbound_request", event.id, {**detail, "status": event.status}))
        for step, alert in await store.alert_events(session, env, trace_id):
            detail = {"alertId": alert.id, "title": alert.title, **step.detail}
            found.append(Step(step.created_at, f"alert.{step.kind}", step.id, detail))
        for message in await store.messages(session, env, trace_id):
            detail = {"channel": message.channel, "status": message.status, "integrationId": message.integration_id}
            found.append(Step(message.created_at, "message", message.id, detail))
        for attempt in await store.attempts(session, env, trace_id):
            detail = {
                "messageId": attempt.message_id,
                "integrationId": attempt.integration_id,
                "outcome": attempt.outcome,
                "statusCode": attempt.status_code,
                "detail": attempt.detail,
            }
            found.append(Step(attempt.created_at, "delivery_attempt", attempt.id, detail))
        for audit in await store.audit_events(session, env, trace_id):
            found.append(Step(audit.created_at, f"audit.{audit.action}", audit.id, {"targetId": audit.target_id}))
    if not found:
        raise NotFound(f"Trace {trace_id} not found")
    return sorted(found, key=lambda s: (s.at, s.id))
