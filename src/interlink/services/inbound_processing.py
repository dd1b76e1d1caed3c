"""Turns stored inbound requests into alerts, on the queue, so a crash after the ``2xx`` loses nothing.

Each leased event is interpreted by its source's handler, and its alert actions are applied in the
same transaction that marks the event processed, and only while the lease is still held: an event
is applied once even if a worker dies half-way (its lease runs out and another worker redoes it).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.timeutil import utcnow
from interlink.core.tracing import reset_trace_id, set_trace_id
from interlink.sdk.inbound import URGENCIES, AlertAction, InboundRequest
from interlink.services import alerts
from interlink.services.hub import Hub
from interlink.store import inbound as store
from interlink.store.inbound_tables import InboundEvent
from interlink.store.tables import Integration

log = logging.getLogger("interlink.inbound")
MAX_ATTEMPTS = 5


def request_of(event: InboundEvent, options: dict[str, Any]) -> InboundRequest:
    """The stored raw request, as the handler saw it at the door."""
    headers = {str(name): str(value) for name, value in event.headers}
    return InboundRequest(event.method, headers, event.body, event.query, "", event.remote_address, options)


def interpret(hub: Hub, event: InboundEvent, options: dict[str, Any]) -> list[AlertAction]:
    """The handler's reading of the event; ValueError when it cannot be read."""
    handler = hub.registry.handler(event.integration_type)
    if handler is None:
        raise ValueError(f"no inbound handler for type {event.integration_type!r}")
    return handler.interpret(request_of(event, options))


def default_urgency(integration: Integration) -> str:
    value = integration.properties.get("urgency")
    return value if isinstance(value, str) and value in URGENCIES else "medium"


async def claim(hub: Hub, owner: str, lease: timedelta, limit: int) -> list[InboundEvent]:
    async with hub.db.write() as session:
        return await store.claim(session, owner, utcnow(), lease, limit)


async def _apply_one(session: AsyncSession, hub: Hub, event: InboundEvent) -> tuple[str, dict[str, Any]]:
    integration = await session.get(Integration, event.integration_id)
    if integration is None or integration.deleted:
        return "failed", {"error": "the integration no longer exists"}
    try:
        actions = interpret(hub, event, dict(integration.properties))
    except (ValueError, TypeError, KeyError) as exc:
        return "failed", {"error": str(exc)[:500] or type(exc).__name__}
    source = alerts.Source(
        event.environment_id, event.organization_id, event.integration_id, default_urgency(integration)
    )
    token = set_trace_id(event.trace_id)
    try:
        outcomes = [
            await alerts.apply(session, hub, source, action, inbound_event_id=event.id, trace_id=event.trace_id)
            for action in actions
        ]
    finally:
        reset_trace_id(token)
    return "processed", {"actions": [a.as_dict() for a in actions], "outcomes": outcomes}


async def process(hub: Hub, owner: str, events: list[InboundEvent]) -> None:
    """Apply a batch in one transaction; if that fails, each event alone, so one bad event holds up no other."""
    try:
        await _process(hub, owner, events)
    except Exception:
        if len(events) == 1:
            log.exception("inbound event %s failed; it is tried again when its lease runs out", events[0].id)
            await _give_up_if_exhausted(hub, owner, events[0])
            return
        for event in events:
            await process(hub, owner, [event])


async def _process(hub: Hub, owner: str, events: list[InboundEvent]) -> None:
    async with hub.db.write() as session:
        held = await store.still_held(session, owner, [e.id for e in events])
        done = []
        for event in events:
            if event.id in held:
                status, result = await _apply_one(session, hub, event)
                done.append((event.id, status, result))
        await store.finish(session, done, utcnow())


async def _give_up_if_exhausted(hub: Hub, owner: str, event: InboundEvent) -> None:
    if event.attempts < MAX_ATTEMPTS:
        return
    async with hub.db.write() as session:
        if event.id in await store.still_held(session, owner, [event.id]):
            await store.finish(session, [(event.id, "failed", {"error": "processing failed repeatedly"})], utcnow())


async def release(hub: Hub, owner: str, ids: list[str]) -> None:
    async with hub.db.write() as session:
        await store.release(session, owner, ids)
