"""Running escalation steps: page a layer's people, and schedule the next layer if nobody acknowledges.

A step is leased, then paged in one transaction that also marks it done and adds the next step: a worker
that dies before committing leaves the step to run again when its lease ends, one that dies after has
done all of it. The alert is re-read and locked, so an acknowledgement either comes first (and nobody is
paged) or waits for this page and then cancels the step it scheduled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.ids import new_id
from interlink.core.tracing import reset_trace_id, set_trace_id
from interlink.services import alert_links, alerts, messages, page_messages
from interlink.services.alert_hooks import AlertView
from interlink.services.hub import Hub
from interlink.services.pager import paging_caller, timeline
from interlink.store import alerts as alert_store
from interlink.store import escalation as store
from interlink.store import oncall as oncall_store
from interlink.store.paging_tables import AccountUser, EscalationStep, Team

log = logging.getLogger("interlink.escalation")
MAX_CLAIM = 20


@dataclass(frozen=True)
class Plan:
    """Who this step pages and what comes after it."""

    user_ids: list[str]
    next_layer: int | None = None
    next_round: int = 0
    delay: timedelta = timedelta(0)
    note: str = ""


async def run_due(hub: Hub, owner: str, now: datetime, lease: timedelta, limit: int = MAX_CLAIM) -> int:
    """Claim and run the steps due at ``now``; returns how many were claimed."""
    async with hub.db.read() as reader:
        if not await store.any_due(reader, now):
            return 0
    async with hub.db.write() as session:
        steps = await store.claim(session, owner, now, lease, limit)
    for step in steps:
        try:
            await run(hub, step.id, owner, now)
        except Exception:
            log.exception("escalation step %s failed; it runs again when its lease ends", step.id)
    return len(steps)


async def run(hub: Hub, step_id: str, owner: str, now: datetime) -> None:
    """Page one leased step's people, mark it done and queue the next, all in one transaction."""
    queued = False
    async with hub.db.write() as session:
        peek = await store.held(session, step_id, owner, lock=False)
        if peek is None:
            return  # cancelled meanwhile, or another worker took it over
        # Lock the alert, then the step: the order closing an alert takes them in, so neither waits on the other.
        row = await alert_store.get(session, peek.alert_id, lock=True)
        step = await store.held(session, step_id, owner)
        if step is None:
            return
        token = set_trace_id(step.trace_id)
        try:
            alert = alerts.view(row) if row is not None else None
            if alert is None or alert.status != "open":
                _finish(step, now, "cancelled", {"reason": f"alert is {alert.status if alert else 'gone'}"})
                return
            plan = await _plan(session, step)
            sent = await _page(session, hub, step, alert, plan, now)
            queued = bool(sent)
            _finish(step, now, "done", {"messageIds": sent, "note": plan.note})
            if plan.next_layer is not None:
                session.add(_next(step, plan, now))
            elif step.team_id:
                timeline(session, alert.id, "escalation_last_layer", {"teamId": step.team_id}, step.trace_id)
        finally:
            reset_trace_id(token)
    if queued:
        hub.notify_work()


def _finish(step: EscalationStep, now: datetime, status: str, result: dict[str, Any]) -> None:
    step.status, step.result, step.updated_at = status, result, now
    step.lease_owner = step.lease_until = None


def _next(step: EscalationStep, plan: Plan, now: datetime) -> EscalationStep:
    return EscalationStep(
        id=new_id("esc"),
        environment_id=step.environment_id,
        organization_id=step.organization_id,
        alert_id=step.alert_id,
        team_id=step.team_id,
        user_ids=[],
        layer=plan.next_layer,
        round=plan.next_round,
        status="queued",
        run_at=now + plan.delay,
        result={},
        trace_id=step.trace_id,
        created_at=now,
        updated_at=now,
    )


async def _plan(session: AsyncSession, step: EscalationStep) -> Plan:
    """A team step pages its layer (as the team reads now); a repeat or the next layer follows after the delay."""
    if step.team_id is None:
        return Plan(list(step.user_ids))
    team = await oncall_store.get(session, Team, step.environment_id, step.team_id)
    if team is None or step.layer >= len(team.layers):
        return Plan([], note="the team or its layer no longer exists")
    layer = team.layers[step.layer]
    delay = timedelta(minutes=layer["delayMinutes"])
    if step.round < layer["repeat"]:
        return Plan(list(layer["userIds"]), step.layer, step.round + 1, delay)
    if step.layer + 1 < len(team.layers):
        return Plan(list(layer["userIds"]), step.layer + 1, 0, delay)
    return Plan(list(layer["userIds"]))


async def _page(
    session: AsyncSession, hub: Hub, step: EscalationStep, alert: AlertView, plan: Plan, now: datetime
) -> list[str]:
    """Queue one message per contact method of each person; record who was paged and on what."""
    found = {u.id: u for u in await oncall_store.many(session, AccountUser, step.environment_id, plan.user_ids)}
    people = [found[i] for i in plan.user_ids if i in found]
    caller = paging_caller(step.organization_id, step.environment_id)
    links = alert_links.links(hub, alert.id, now)
    escalation = {"teamId": step.team_id, "layer": step.layer, "round": step.round, "stepId": step.id}
    sent: list[str] = []
    notified: list[dict[str, Any]] = []
    for person in people:
        for draft in page_messages.page_drafts(person, alert, links, escalation):
            message = await messages.stage(session, caller, draft)
            notified.append(
                {"accountUserId": person.id, "channel": draft.channel, "messageId": message.id if message else None}
            )
            if message is not None:
                sent.append(message.id)
    timeline(session, alert.id, "paged", {**escalation, "notifications": notified}, step.trace_id)
    return sent
