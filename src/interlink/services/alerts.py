"""Alerts: opened from a source's actions, deduplicated per integration, acknowledged, resolved or dropped.

Session-level functions (``open_alert``, ``acknowledge``, ``resolve``, ``drop``, ``status_of``,
``apply``) run inside the caller's transaction and call ``alert_hooks`` there; the caller-level ones
(``list_page``, ``get``, ``act``) are what the API uses. Statuses move ``open`` → ``acknowledged`` →
``resolved``, and ``open``/``acknowledged`` → ``dropped``; ``resolved`` and ``dropped`` are final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import Conflict, NotFound
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id
from interlink.sdk.inbound import URGENCIES, ActionKind, AlertAction
from interlink.services import alert_hooks, paging
from interlink.services.alert_hooks import AlertView
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.store import alerts as store
from interlink.store.alerts import AlertFilter as AlertFilter  # the filter a face builds for list_page
from interlink.store.inbound_tables import Alert, AlertEvent

STATUSES = ("open", "acknowledged", "resolved", "dropped")
FINAL = ("resolved", "dropped")
MAX_EVENT_IDS = 100
_TARGET = {"acknowledge": "acknowledged", "resolve": "resolved", "drop": "dropped"}


def view(row: Alert) -> AlertView:
    return AlertView(
        id=row.id,
        environment_id=row.environment_id,
        organization_id=row.organization_id,
        integration_id=row.integration_id,
        title=row.title,
        description=row.description,
        urgency=row.urgency,
        status=row.status,
        third_party_id=row.third_party_id,
        dedup_keys=tuple(row.dedup_keys),
        tags=tuple(row.tags),
        additional_data=tuple(row.additional_data),
        count=row.count,
        inbound_event_ids=tuple(row.inbound_event_ids),
        trace_id=row.trace_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        acknowledged_at=row.acknowledged_at,
        resolved_at=row.resolved_at,
        dropped_at=row.dropped_at,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One step in an alert's life."""

    id: str
    kind: str
    actor: str
    detail: dict[str, Any]
    inbound_event_id: str | None
    trace_id: str | None
    created_at: datetime


def _event(
    session: AsyncSession,
    alert: Alert,
    kind: str,
    actor: str,
    detail: dict[str, Any] | None = None,
    inbound_event_id: str | None = None,
    trace_id: str | None = None,
) -> None:
    session.add(
        AlertEvent(
            id=new_id("alev"),
            alert_id=alert.id,
            kind=kind,
            actor=actor,
            detail=detail or {},
            inbound_event_id=inbound_event_id,
            trace_id=trace_id or alert.trace_id,
        )
    )


async def open_alert(
    session: AsyncSession,
    hub: Hub,
    *,
    environment_id: str,
    organization_id: str,
    integration_id: str | None,
    action: AlertAction,
    default_urgency: str = "medium",
    inbound_event_id: str | None = None,
    trace_id: str | None = None,
    actor: str = "inbound",
) -> tuple[AlertView, bool]:
    """Open an alert, or count a repeat into the unresolved one with the same third-party id or dedup key.

    Returns the alert and whether it is new; only a new alert calls ``alert_hooks.opened``.
    """
    existing = None
    if integration_id is not None:
        existing = await store.find_unresolved(session, integration_id, action.third_party_id, action.dedup_keys)
    found, created = await open_or_repeat(
        session,
        hub,
        existing,
        environment_id=environment_id,
        organization_id=organization_id,
        integration_id=integration_id,
        action=action,
        default_urgency=default_urgency,
        inbound_event_id=inbound_event_id,
        trace_id=trace_id,
        actor=actor,
    )
    await session.flush()
    return view(found), created


async def open_or_repeat(
    session: AsyncSession,
    hub: Hub,
    existing: Alert | None,
    *,
    environment_id: str,
    organization_id: str,
    integration_id: str | None,
    action: AlertAction,
    default_urgency: str,
    inbound_event_id: str | None,
    trace_id: str | None,
    actor: str,
    notify: bool = True,
) -> tuple[Alert, bool]:
    """Count a repeat into ``existing``, or add a new alert (its keys free, as the caller's lookup found).

    With ``notify`` false the caller calls ``alert_hooks.opened`` itself, after flushing (batches).
    """
    if existing is not None:
        existing.count += 1
        if inbound_event_id and len(existing.inbound_event_ids) < MAX_EVENT_IDS:
            existing.inbound_event_ids = [*existing.inbound_event_ids, inbound_event_id]
        existing.updated_at = utcnow()
        _event(session, existing, "repeated", actor, {"count": existing.count}, inbound_event_id, trace_id)
        return existing, False
    urgency = action.urgency if action.urgency in URGENCIES else default_urgency
    now = utcnow()
    alert = Alert(
        id=new_id("alr"),
        environment_id=environment_id,
        organization_id=organization_id,
        integration_id=integration_id,
        title=(action.title or "Untitled alert")[:2000],
        description=action.description,
        urgency=urgency if urgency in URGENCIES else "medium",
        status="open",
        third_party_id=action.third_party_id,
        dedup_keys=list(dict.fromkeys(action.dedup_keys)),
        tags=list(dict.fromkeys(action.tags)),
        additional_data=list(action.additional_data),
        count=1,
        inbound_event_ids=[inbound_event_id] if inbound_event_id else [],
        trace_id=trace_id,
        created_at=now,
        updated_at=now,
        acknowledged_at=None,
        resolved_at=None,
        dropped_at=None,
    )
    session.add(alert)
    session.add_all(store.key_rows(alert))
    _event(session, alert, "opened", actor, {"title": alert.title, "urgency": alert.urgency}, inbound_event_id)
    if notify:
        await session.flush()
        await alert_hooks.opened(session, hub, view(alert))
    return alert, True


async def _move(
    session: AsyncSession,
    hub: Hub,
    alert_id: str,
    verb: str,
    *,
    actor: str,
    environment_id: str | None = None,
    detail: dict[str, Any] | None = None,
    inbound_event_id: str | None = None,
    trace_id: str | None = None,
) -> AlertView:
    alert = await store.get(session, alert_id, environment_id=environment_id, lock=True)
    if alert is None:
        raise NotFound(f"Alert {alert_id} not found")
    return await transition(session, hub, alert, verb, actor, detail, inbound_event_id, trace_id)


async def transition(
    session: AsyncSession,
    hub: Hub,
    alert: Alert,
    verb: str,
    actor: str,
    detail: dict[str, Any] | None,
    inbound_event_id: str | None,
    trace_id: str | None,
) -> AlertView:
    target = _TARGET[verb]
    if alert.status == target:
        return view(alert)
    if alert.status in FINAL:
        raise Conflict(f"Alert {alert.id} is already {alert.status}")
    now = utcnow()
    alert.status = target
    alert.updated_at = now
    setattr(alert, f"{target}_at", now)
    if target in FINAL:
        await store.forget_keys(session, alert.id)
    _event(session, alert, target, actor, detail, inbound_event_id, trace_id)
    await session.flush()
    await alert_hooks.closed(session, hub, alert.id, target)
    return view(alert)


async def acknowledge(session: AsyncSession, hub: Hub, alert_id: str, *, actor: str, **kw: Any) -> AlertView:
    """``open`` → ``acknowledged`` (already acknowledged: unchanged; resolved or dropped: 409)."""
    return await _move(session, hub, alert_id, "acknowledge", actor=actor, **kw)


async def resolve(session: AsyncSession, hub: Hub, alert_id: str, *, actor: str, **kw: Any) -> AlertView:
    """``open``/``acknowledged`` → ``resolved`` (already resolved: unchanged; dropped: 409)."""
    return await _move(session, hub, alert_id, "resolve", actor=actor, **kw)


async def drop(session: AsyncSession, hub: Hub, alert_id: str, *, actor: str, **kw: Any) -> AlertView:
    """``open``/``acknowledged`` → ``dropped`` (already dropped: unchanged; resolved: 409)."""
    return await _move(session, hub, alert_id, "drop", actor=actor, **kw)


async def status_of(session: AsyncSession, alert_id: str) -> str | None:
    """The alert's status, or None when there is no such alert."""
    alert = await store.get(session, alert_id)
    return alert.status if alert else None


async def get_view(session: AsyncSession, alert_id: str) -> AlertView | None:
    alert = await store.get(session, alert_id)
    return view(alert) if alert else None


@dataclass(frozen=True)
class Source:
    """The integration an inbound action came through."""

    environment_id: str
    organization_id: str
    integration_id: str
    default_urgency: str = "medium"


async def apply(
    session: AsyncSession,
    hub: Hub,
    source: Source,
    action: AlertAction,
    *,
    inbound_event_id: str | None = None,
    trace_id: str | None = None,
) -> dict[str, Any]:
    """Carry out one action of a source; returns what happened (for the inbound event's result)."""
    if action.kind is ActionKind.CREATE:
        alert, created = await open_alert(
            session,
            hub,
            environment_id=source.environment_id,
            organization_id=source.organization_id,
            integration_id=source.integration_id,
            action=action,
            default_urgency=source.default_urgency,
            inbound_event_id=inbound_event_id,
            trace_id=trace_id,
        )
        return {"action": "create", "alertId": alert.id, "outcome": "opened" if created else "repeated"}
    if action.kind is ActionKind.IGNORE:
        return {"action": "ignore", "outcome": "ignored", "reason": action.reason or "nothing to do"}
    found = await store.find_unresolved(session, source.integration_id, action.third_party_id, action.dedup_keys)
    if found is None:
        return {"action": action.kind.value, "outcome": "ignored", "reason": "no unresolved alert matches"}
    verb = "acknowledge" if action.kind is ActionKind.ACKNOWLEDGE else "resolve"
    before = found.status
    moved = await _move(
        session, hub, found.id, verb, actor="inbound", inbound_event_id=inbound_event_id, trace_id=trace_id
    )
    outcome = "unchanged" if moved.status == before else moved.status
    return {"action": action.kind.value, "alertId": moved.id, "outcome": outcome}


# --- what the API calls -------------------------------------------------------------------------------


async def list_page(
    hub: Hub, caller: Caller, filters: AlertFilter, *, cursor: str | None = None, limit: int = 50
) -> paging.Page[AlertView]:
    """A page of alerts, newest first, older than ``cursor`` (the previous page's ``next_cursor``)."""
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows = await store.page(session, caller.environment_id, filters, before=cursor, limit=fetch)
        return paging.cut([view(r) for r in rows], limit)


async def get(hub: Hub, caller: Caller, alert_id: str) -> tuple[AlertView, list[TimelineEntry]]:
    caller.require(READ)
    async with hub.db.read() as session:
        alert = (
            await store.get(session, alert_id, environment_id=caller.environment_id) if is_id(alert_id, "alr") else None
        )
        if alert is None:
            raise NotFound(f"Alert {alert_id} not found")
        events = await store.timeline(session, alert.id)
        entries = [
            TimelineEntry(e.id, e.kind, e.actor, e.detail, e.inbound_event_id, e.trace_id, e.created_at) for e in events
        ]
        return view(alert), entries


async def act(hub: Hub, caller: Caller, alert_id: str, verb: str, note: str | None = None) -> AlertView:
    """Acknowledge, resolve or drop an alert on a person's behalf."""
    caller.require(WRITE)
    if not is_id(alert_id, "alr"):
        raise NotFound(f"Alert {alert_id} not found")
    async with hub.db.write() as session:
        return await _move(
            session,
            hub,
            alert_id,
            verb,
            actor=caller.actor,
            environment_id=caller.environment_id,
            detail={"note": note} if note else None,
            trace_id=current_trace_id(),
        )
