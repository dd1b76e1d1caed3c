"""Writes and reads the audit trail: who changed what, when, under which trace id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id
from interlink.services import paging
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import audit as audit_store
from interlink.store import plain_sql
from interlink.store.tables import AuditEvent

REDACTED = "[secret]"


@dataclass(frozen=True, slots=True)
class AuditView:
    """An audit event as the faces show it."""

    id: str
    action: str
    actor: str
    target_type: str
    target_id: str
    changes: dict[str, Any]
    trace_id: str | None
    created_at: datetime


_INSERT = insert(cast(Table, AuditEvent.__table__))  # built once: its compiled form is cached


def _columns(
    caller: Caller, action: str, target_type: str, target_id: str, changes: dict[str, Any] | None
) -> dict[str, Any]:
    """One audit event's column values, whichever way it is written."""
    return {
        "id": new_id("aud"),
        "organization_id": caller.organization_id,
        "environment_id": caller.environment_id,
        "actor": caller.actor,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "changes": changes or {},
        "trace_id": current_trace_id(),
    }


async def insert_now(
    session: AsyncSession,
    caller: Caller,
    action: str,
    target_type: str,
    target_id: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """Like ``record``, but as one Core INSERT right away: for hot paths that skip the unit of work."""
    await session.execute(_INSERT, _columns(caller, action, target_type, target_id, changes))


def columns(
    caller: Caller, action: str, target_type: str, target_id: str, changes: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An event's columns, read on the event loop (the trace id), for ``insert_in`` within a whole write."""
    return {**_columns(caller, action, target_type, target_id, changes), "created_at": utcnow()}


def insert_in(conn: Connection, event: dict[str, Any]) -> None:
    """Write an event built by ``columns`` with one Core INSERT, in a whole write's transaction."""
    plain_sql.execute(conn, _INSERT, event)


def record(
    session: AsyncSession,
    caller: Caller,
    action: str,
    target_type: str,
    target_id: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """Add an audit event to the caller's transaction; ``changes`` must already be free of secrets."""
    session.add(AuditEvent(**_columns(caller, action, target_type, target_id, changes)))


async def list_events(
    hub: Hub,
    caller: Caller,
    *,
    target_id: str | None = None,
    action: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> paging.Page[AuditView]:
    """A page of events, newest first, older than ``cursor``."""
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows = await audit_store.page(
            session, caller.environment_id, target_id=target_id, action=action, before=cursor, limit=fetch
        )
    return paging.cut([of_row(AuditView, r) for r in rows], limit)
