"""Paging: a new alert goes to its integration's destinations, routers first; closing it cancels the escalation.

Registered with ``alert_hooks`` when imported, so it runs inside the transaction that opens or closes the
alert: the routing decision, the escalation steps and forwarded messages commit with the alert or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.sdk.manifest import URGENCIES
from interlink.services import alert_hooks, alert_links, alerts, messages, page_messages, router_rules
from interlink.services.alert_hooks import AlertView
from interlink.services.caller import WRITE, Caller
from interlink.services.hub import Hub
from interlink.store import alerts as alert_store
from interlink.store import escalation as step_store
from interlink.store import integrations as integration_store
from interlink.store import oncall as oncall_store
from interlink.store.inbound_tables import AlertEvent
from interlink.store.paging_tables import EscalationStep, Router

ACTOR = "paging"


def paging_caller(organization_id: str, environment_id: str) -> Caller:
    """Who paging acts as when it queues messages: the environment itself, write only."""
    return Caller(organization_id, environment_id, ACTOR, frozenset({WRITE}))


def timeline(session: AsyncSession, alert_id: str, kind: str, detail: dict[str, Any], trace_id: str | None) -> None:
    """Add a line to the alert's timeline in the open transaction."""
    session.add(
        AlertEvent(id=new_id("alev"), alert_id=alert_id, kind=kind, actor=ACTOR, detail=detail, trace_id=trace_id)
    )


async def _routers(session: AsyncSession, environment_id: str, ids: list[str]) -> list[Router]:
    found = {r.id: r for r in await oncall_store.many(session, Router, environment_id, ids)}
    return [found[i] for i in ids if i in found]


async def route(session: AsyncSession, hub: Hub, alert: AlertView, now: datetime) -> router_rules.Decision:
    """Decide where a new alert goes, record why, and queue its first pages and forwards."""
    integration = (
        await integration_store.get(session, alert.environment_id, alert.integration_id)
        if alert.integration_id
        else None
    )
    props = integration.properties if integration is not None else {}
    decision = router_rules.Decision(
        urgency=alert.urgency,
        team_ids=list(props.get("teamIds") or []),
        user_ids=list(props.get("accountUserIds") or []),
    )
    router_ids = list(props.get("routerIds") or [])
    if not (decision.team_ids or decision.user_ids or router_ids):
        return decision  # a source with no destination yet: its alerts open and page nobody
    routers = await _routers(session, alert.environment_id, router_ids)
    router_rules.evaluate(routers, router_rules.context_of(alert), now, decision)
    timeline(
        session,
        alert.id,
        "routed",
        {
            "teamIds": decision.team_ids,
            "accountUserIds": decision.user_ids,
            "forwardIntegrationIds": decision.forward_ids,
            "urgency": decision.urgency,
            "routers": decision.trail,
            "droppedBy": decision.dropped_by,
        },
        alert.trace_id,
    )
    if decision.dropped_by:
        await alerts.drop(session, hub, alert.id, actor=f"router:{decision.dropped_by}", trace_id=alert.trace_id)
        return decision
    if decision.urgency != alert.urgency and decision.urgency in URGENCIES:
        row = await alert_store.get(session, alert.id)
        if row is not None:
            row.urgency = decision.urgency
        timeline(session, alert.id, "urgency_set", {"from": alert.urgency, "to": decision.urgency}, alert.trace_id)
        alert = replace(alert, urgency=decision.urgency)
    await _forward(session, hub, alert, decision, now)
    if decision.urgency == "silent":
        timeline(session, alert.id, "not_paged", {"reason": "silent urgency"}, alert.trace_id)
        return decision
    steps = [_step(alert, now, team_id=team_id) for team_id in decision.team_ids]
    if decision.user_ids:
        steps.append(_step(alert, now, user_ids=decision.user_ids))
    session.add_all(steps)
    await session.flush()  # visible to a closing later in the same transaction (a batch), which cancels them
    if not steps and not decision.forward_ids:
        timeline(session, alert.id, "not_paged", {"reason": "no router rule named a destination"}, alert.trace_id)
    hub.notify_work()
    return decision


def _step(
    alert: AlertView, now: datetime, *, team_id: str | None = None, user_ids: list[str] | None = None
) -> EscalationStep:
    return EscalationStep(
        id=new_id("esc"),
        environment_id=alert.environment_id,
        organization_id=alert.organization_id,
        alert_id=alert.id,
        team_id=team_id,
        user_ids=user_ids or [],
        layer=0,
        round=0,
        status="queued",
        run_at=now,
        result={},
        trace_id=alert.trace_id,
        created_at=now,
        updated_at=now,
    )


async def _forward(
    session: AsyncSession, hub: Hub, alert: AlertView, decision: router_rules.Decision, now: datetime
) -> None:
    caller = paging_caller(alert.organization_id, alert.environment_id)
    links = alert_links.links(hub, alert.id, now)
    for integration_id in decision.forward_ids:
        target = await integration_store.get(session, alert.environment_id, integration_id)
        if target is None:
            timeline(session, alert.id, "forward_skipped", {"integrationId": integration_id}, alert.trace_id)
            continue
        draft = page_messages.forward_draft(target.channel, target.id, alert, links)
        staged = await messages.stage(session, caller, draft)
        detail = {"integrationId": integration_id, "messageId": staged.id if staged else None}
        timeline(session, alert.id, "forwarded" if staged else "forward_skipped", detail, alert.trace_id)


class PagingListener:
    """The alert listener; ``clock`` is injectable so tests decide what time it is."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock

    async def on_opened(self, session: AsyncSession, hub: Hub, alert: AlertView) -> None:
        await route(session, hub, alert, self.clock())

    async def on_closed(self, session: AsyncSession, hub: Hub, alert_id: str, status: str) -> None:
        cancelled = await step_store.cancel_for_alert(session, alert_id, self.clock())
        if cancelled:
            row = await alert_store.get(session, alert_id)
            detail = {"status": status, "steps": cancelled}
            timeline(session, alert_id, "escalation_cancelled", detail, row.trace_id if row else None)


LISTENER = PagingListener()
alert_hooks.register(LISTENER)
