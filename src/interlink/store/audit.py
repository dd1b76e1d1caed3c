"""Queries for the audit trail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import AuditEvent


async def page(
    session: AsyncSession,
    environment_id: str,
    *,
    target_id: str | None,
    action: str | None,
    before: str | None,
    limit: int,
) -> list[AuditEvent]:
    """Newest first."""
    query = select(AuditEvent).where(AuditEvent.environment_id == environment_id)
    if target_id:
        query = query.where(AuditEvent.target_id == target_id)
    if action:
        query = query.where(AuditEvent.action == action)
    if before:
        query = query.where(AuditEvent.id < before)
    return list(await session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))
