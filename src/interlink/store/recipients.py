"""Queries for recipient lists; every one is scoped to an environment and an integration."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.egress_tables import Recipient


async def listed(session: AsyncSession, environment_id: str, integration_id: str) -> list[Recipient]:
    """The live recipients of one integration, oldest first."""
    query = select(Recipient).where(
        Recipient.environment_id == environment_id,
        Recipient.integration_id == integration_id,
        Recipient.deleted.is_(False),
    )
    return list(await session.scalars(query.order_by(Recipient.id)))


async def verified(session: AsyncSession, environment_id: str, integration_id: str) -> list[Recipient]:
    """The recipients a message that names none goes to."""
    query = select(Recipient).where(
        Recipient.environment_id == environment_id,
        Recipient.integration_id == integration_id,
        Recipient.deleted.is_(False),
        Recipient.status == "verified",
    )
    return list(await session.scalars(query.order_by(Recipient.id)))


async def get(
    session: AsyncSession, environment_id: str, integration_id: str, recipient_id: str, *, for_update: bool = False
) -> Recipient | None:
    query = select(Recipient).where(
        Recipient.environment_id == environment_id,
        Recipient.integration_id == integration_id,
        Recipient.id == recipient_id,
        Recipient.deleted.is_(False),
    )
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


async def by_address(session: AsyncSession, integration_id: str, address: str) -> Recipient | None:
    """The row for an address, deleted or not (a re-added number keeps its code rate limits)."""
    query = select(Recipient).where(Recipient.integration_id == integration_id, Recipient.address == address)
    return await session.scalar(query.with_for_update().execution_options(populate_existing=True))
