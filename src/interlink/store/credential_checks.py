"""Queries for credential-check verdicts and the integrations due for a re-check."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.egress_tables import CredentialCheck
from interlink.store.tables import Action, Integration


async def for_integrations(session: AsyncSession, ids: list[str]) -> dict[str, CredentialCheck]:
    if not ids:
        return {}
    rows = await session.scalars(select(CredentialCheck).where(CredentialCheck.integration_id.in_(ids)))
    return {row.integration_id: row for row in rows}


async def get_for_update(session: AsyncSession, integration_id: str) -> CredentialCheck | None:
    query = select(CredentialCheck).where(CredentialCheck.integration_id == integration_id)
    return await session.scalar(query.with_for_update().execution_options(populate_existing=True))


async def due(
    session: AsyncSession, types: list[str], checked_before: datetime, limit: int, environment_id: str | None = None
) -> list[Integration]:
    """Active integrations of the given types never checked or last checked before the cut-off, none queued."""
    pending = select(Action.integration_id).where(Action.action == "verify", Action.status.in_(("queued", "running")))
    query = (
        select(Integration)
        .outerjoin(CredentialCheck, CredentialCheck.integration_id == Integration.id)
        .where(
            Integration.deleted.is_(False),
            Integration.active.is_(True),
            Integration.type.in_(types),
            or_(CredentialCheck.integration_id.is_(None), and_(CredentialCheck.checked_at < checked_before)),
            Integration.id.not_in(pending),
        )
        .order_by(Integration.id)
        .limit(limit)
    )
    if environment_id is not None:
        query = query.where(Integration.environment_id == environment_id)
    return list(await session.scalars(query))
