"""Sources' actions applied a batch at a time: one lookup for every key, one flush for every new row.

Same rules as ``alerts.apply`` one by one (repeats counted, keys freed on resolve, hooks called in the
transaction), so a batch of webhooks costs a few statements instead of several per webhook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.tracing import reset_trace_id, set_trace_id
from interlink.sdk.inbound import ActionKind, AlertAction
from interlink.services import alert_hooks, alerts
from interlink.services.hub import Hub
from interlink.store import alerts as store
from interlink.store.inbound_tables import Alert


@dataclass(frozen=True)
class Item:
    """One action of one inbound event."""

    source: alerts.Source
    action: AlertAction
    inbound_event_id: str | None = None
    trace_id: str | None = None


def _keys(item: Item) -> list[tuple[str, str]]:
    action = item.action
    return [(item.source.integration_id, k) for k in store.lookup_keys(action.third_party_id, action.dedup_keys)]


async def apply_batch(session: AsyncSession, hub: Hub, items: list[Item]) -> list[dict[str, Any]]:
    """Carry out every item in order; returns what happened to each."""
    wanted = {pair for item in items if item.action.kind is not ActionKind.IGNORE for pair in _keys(item)}
    known = await store.unresolved_by_keys(session, wanted) if wanted else {}
    opened: list[tuple[Alert, str | None]] = []
    outcomes = []
    for item in items:
        token = set_trace_id(item.trace_id)
        try:
            outcomes.append(await _one(session, hub, item, known, opened))
        finally:
            reset_trace_id(token)
    await _announce(session, hub, opened)
    return outcomes


async def _announce(session: AsyncSession, hub: Hub, opened: list[tuple[Alert, str | None]]) -> None:
    """Flush the new rows once, then tell the listeners about each new alert (under its own trace id)."""
    await session.flush()
    for alert, trace_id in opened:
        token = set_trace_id(trace_id)
        try:
            await alert_hooks.opened(session, hub, alerts.view(alert))
        finally:
            reset_trace_id(token)
    opened.clear()


def _holder(item: Item, known: dict[tuple[str, str], Alert]) -> Alert | None:
    return next((known[p] for p in _keys(item) if p in known and known[p].status in store.UNRESOLVED), None)


async def _one(
    session: AsyncSession,
    hub: Hub,
    item: Item,
    known: dict[tuple[str, str], Alert],
    opened: list[tuple[Alert, str | None]],
) -> dict[str, Any]:
    action, source = item.action, item.source
    if action.kind is ActionKind.IGNORE:
        return {"action": "ignore", "outcome": "ignored", "reason": action.reason or "nothing to do"}
    found = _holder(item, known)
    if action.kind is ActionKind.CREATE:
        alert, created = await alerts.open_or_repeat(
            session,
            hub,
            found,
            environment_id=source.environment_id,
            organization_id=source.organization_id,
            integration_id=source.integration_id,
            action=action,
            default_urgency=source.default_urgency,
            inbound_event_id=item.inbound_event_id,
            trace_id=item.trace_id,
            actor="inbound",
            notify=False,
        )
        if created:
            opened.append((alert, item.trace_id))
        for pair in _keys(item):
            known.setdefault(pair, alert)
        return {"action": "create", "alertId": alert.id, "outcome": "opened" if created else "repeated"}
    if found is None:
        return {"action": action.kind.value, "outcome": "ignored", "reason": "no unresolved alert matches"}
    verb = "acknowledge" if action.kind is ActionKind.ACKNOWLEDGE else "resolve"
    await _announce(session, hub, opened)  # listeners hear of an alert opening before of it closing
    before = found.status
    moved = await alerts.transition(session, hub, found, verb, "inbound", None, item.inbound_event_id, item.trace_id)
    if moved.status in alerts.FINAL:
        for pair in [p for p, a in known.items() if a is found]:
            del known[pair]
    outcome = "unchanged" if moved.status == before else moved.status
    return {"action": action.kind.value, "alertId": moved.id, "outcome": outcome}
