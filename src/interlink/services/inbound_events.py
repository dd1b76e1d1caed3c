"""The inbound log people read: list and read events, replay an accepted one, rotate a URL token, preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from interlink.core.errors import Conflict, FieldError, NotFound, Unprocessable
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id
from interlink.sdk.inbound import InboundRequest
from interlink.services import audit, paging
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView
from interlink.services.integrations import load, view_of
from interlink.services.viewing import of_row
from interlink.store import inbound as store
from interlink.store.inbound import EventFilter as EventFilter  # the filter a face builds for list_page
from interlink.store.inbound_tables import InboundEvent, new_token
from interlink.store.messages import notify
from interlink.store.tables import Integration

HOOKS = "/v2/hooks"


@dataclass(frozen=True, slots=True)
class EventView:
    """One request in the inbound log as the faces show it, with its headers and body."""

    id: str
    integration_id: str
    integration_type: str
    method: str
    query: str
    headers: list[Any]
    body: bytes
    remote_address: str | None
    received_at: datetime
    outcome: str
    reason: str
    status_code: int
    status: str
    attempts: int
    result: dict[str, Any]
    replay_of: str | None
    trace_id: str | None
    processed_at: datetime | None


def inbound_path(record: IntegrationView) -> str | None:
    """Where a source posts to this integration (its token is the address, not a credential), if it receives."""
    return f"{HOOKS}/{record.id}/{record.inbound_token}" if record.inbound_token is not None else None


async def list_page(
    hub: Hub, caller: Caller, filters: EventFilter, *, cursor: str | None = None, limit: int = 50
) -> paging.Page[EventView]:
    """A page of the inbound log, newest first, older than ``cursor`` (the previous page's ``next_cursor``)."""
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows = await store.page(session, caller.environment_id, filters, before=cursor, limit=fetch)
    return paging.cut([of_row(EventView, r) for r in rows], limit)


async def get(hub: Hub, caller: Caller, event_id: str) -> EventView:
    caller.require(READ)
    async with hub.db.read() as session:
        found = await store.get(session, caller.environment_id, event_id) if is_id(event_id, "ibe") else None
    if found is None:
        raise NotFound(f"Inbound event {event_id} not found")
    return of_row(EventView, found)


async def replay(hub: Hub, caller: Caller, event_id: str) -> EventView:
    """Queue a copy of an accepted request, as if it had just arrived (its alerts dedup as usual)."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        original = await store.get(session, caller.environment_id, event_id) if is_id(event_id, "ibe") else None
        if original is None:
            raise NotFound(f"Inbound event {event_id} not found")
        if original.outcome != "accepted":
            raise Conflict(f"Inbound event {event_id} was refused ({original.reason}); only accepted ones replay")
        now = utcnow()
        copy = InboundEvent(
            id=new_id("ibe"),
            environment_id=original.environment_id,
            organization_id=original.organization_id,
            integration_id=original.integration_id,
            integration_type=original.integration_type,
            method=original.method,
            query=original.query,
            headers=original.headers,
            body=original.body,
            remote_address=original.remote_address,
            received_at=now,
            outcome="accepted",
            reason=f"replay of {original.id}",
            status_code=202,
            status="queued",
            run_at=now,
            attempts=0,
            result={},
            replay_of=original.id,
            trace_id=current_trace_id(),
        )
        session.add(copy)
        audit.record(session, caller, "inbound_event.replay", "inbound_event", copy.id, {"replayOf": original.id})
        await notify(session)
    hub.notify_work()
    return of_row(EventView, copy)


async def rotate_token(hub: Hub, caller: Caller, integration_id: str) -> IntegrationView:
    """Give an integration a new receiving URL; the old one stops working at once."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await load(session, caller, integration_id, lock=True)
        if record.direction != "INGRESS" or hub.registry.handler(record.type) is None:
            raise Conflict(f"Integration {integration_id} does not receive webhooks")
        await store.set_token(session, record.id, new_token(), utcnow())
        audit.record(session, caller, "integration.rotate_token", "integration", record.id)
        await session.flush()
        await session.refresh(record, ["inbound_hook"])
        return await view_of(session, record)


@dataclass(frozen=True)
class Preview:
    """What a sample payload becomes, computed without storing or sending anything."""

    integration_id: str
    actions: list[dict[str, Any]]


async def preview(
    hub: Hub, caller: Caller, integration_id: str, payload: Any, headers: dict[str, str], options: dict[str, Any]
) -> Preview:
    caller.require(READ)
    record = await _receiver(hub, caller, integration_id)
    handler = hub.registry.handler(record.type)
    assert handler is not None
    merged = {**record.properties, **options}
    request = InboundRequest("POST", {k.lower(): v for k, v in headers.items()}, orjson.dumps(payload), options=merged)
    try:
        actions = handler.interpret(request)
    except (ValueError, TypeError, KeyError) as exc:
        key, _, why = str(exc).partition(": ")
        path = f"options.{key}" if (why and key in merged) or key.endswith("Expression") else "payload"
        raise Unprocessable("The sample cannot be read by this source", [FieldError(path, str(exc))]) from None
    return Preview(record.id, [a.as_dict() for a in actions])


async def _receiver(hub: Hub, caller: Caller, integration_id: str) -> Integration:
    async with hub.db.read() as session:
        record = await load(session, caller, integration_id)
    if hub.registry.handler(record.type) is None:
        raise Conflict(f"Integration {integration_id} does not receive webhooks")
    return record
