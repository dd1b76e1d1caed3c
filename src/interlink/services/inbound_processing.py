"""Turns stored inbound requests into alerts, on the queue, so a crash after the ``2xx`` loses nothing.

Each leased event is interpreted by its source's handler, and its alert actions are applied in the
same transaction that marks the event processed, and only while the lease is still held: an event
is applied once even if a worker dies half-way (its lease runs out and another worker redoes it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from interlink.core.timeutil import utcnow
from interlink.queue.transport import HttpTransport
from interlink.sdk.inbound import URGENCIES, AlertAction, InboundRequest
from interlink.services import alert_intake, alerts
from interlink.services.hub import Hub
from interlink.services.inbound_fetch import fetch_all, visit
from interlink.store import inbound as store
from interlink.store.inbound_tables import InboundEvent
from interlink.store.tables import Integration

log = logging.getLogger("interlink.inbound")
MAX_ATTEMPTS = 5


def request_of(event: InboundEvent, options: dict[str, Any], fetched: dict[str, bytes] | None = None) -> InboundRequest:
    """The stored raw request, as the handler saw it at the door."""
    headers = {str(name): str(value) for name, value in event.headers}
    return InboundRequest(
        event.method, headers, event.body, event.query, "", event.remote_address, options, fetched or {}
    )


def default_urgency(integration: Integration) -> str:
    value = integration.properties.get("urgency")
    return value if isinstance(value, str) and value in URGENCIES else "medium"


async def claim(hub: Hub, owner: str, lease: timedelta, limit: int) -> list[InboundEvent]:
    async with hub.db.write() as session:
        return await store.claim(session, owner, utcnow(), lease, limit)


@dataclass
class Prepared:
    """What an event means, worked out before the write transaction (handlers may need the network)."""

    actions: list[AlertAction] = field(default_factory=list)
    error: str | None = None
    source: alerts.Source | None = None


async def _prepare(
    hub: Hub, event: InboundEvent, integration: Integration | None, transport: HttpTransport | None
) -> Prepared:
    """Interpret one event; a fetch that fails raises (the event is retried), a request that cannot be read fails."""
    if integration is None or integration.deleted:
        return Prepared(error="the integration no longer exists")
    handler = hub.registry.handler(event.integration_type)
    if handler is None:
        return Prepared(error=f"no inbound handler for type {event.integration_type!r}")
    options = dict(integration.properties)
    try:
        plain = request_of(event, options)
        fetched = await fetch_all(transport, handler.fetches(plain))
        request = request_of(event, options, fetched)
        actions = handler.interpret(request)
    except (ValueError, TypeError, KeyError) as exc:
        return Prepared(error=str(exc)[:500] or type(exc).__name__)
    for url in handler.visits(request):
        await visit(transport, url)
    source = alerts.Source(
        event.environment_id, event.organization_id, event.integration_id, default_urgency(integration)
    )
    return Prepared(actions, None, source)


async def process(hub: Hub, owner: str, events: list[InboundEvent], transport: HttpTransport | None = None) -> None:
    """Apply a batch in one transaction; if that fails, each event alone, so one bad event holds up no other."""
    try:
        await _process(hub, owner, events, transport)
    except Exception:
        if len(events) == 1:
            log.exception("inbound event %s failed; it is tried again when its lease runs out", events[0].id)
            await _give_up_if_exhausted(hub, owner, events[0])
            return
        for event in events:
            await process(hub, owner, [event], transport)


async def _process(hub: Hub, owner: str, events: list[InboundEvent], transport: HttpTransport | None) -> None:
    async with hub.db.read() as session:
        found = await store.integrations_of(session, list({e.integration_id for e in events}))
    prepared = [await _prepare(hub, e, found.get(e.integration_id), transport) for e in events]
    async with hub.db.write() as session:
        held = await store.still_held(session, owner, [e.id for e in events])
        items: list[alert_intake.Item] = []
        for event, ready in zip(events, prepared, strict=True):
            if event.id in held and ready.source is not None and ready.error is None:
                items += [alert_intake.Item(ready.source, a, event.id, event.trace_id) for a in ready.actions]
        outcomes = iter(await alert_intake.apply_batch(session, hub, items))
        done: list[tuple[str, str, dict[str, Any]]] = []
        for event, ready in zip(events, prepared, strict=True):
            if event.id not in held:
                continue
            if ready.error is not None or ready.source is None:
                done.append((event.id, "failed", {"error": ready.error}))
                continue
            mine = [next(outcomes) for _ in ready.actions]
            done.append((event.id, "processed", {"actions": [a.as_dict() for a in ready.actions], "outcomes": mine}))
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
