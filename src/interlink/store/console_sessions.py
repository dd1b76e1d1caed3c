"""Queries for console sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.console_tables import ConsoleSession
from interlink.store.tables import ApiKey, Environment


async def add(session: AsyncSession, record: ConsoleSession, now: datetime) -> None:
    """Store a new session and drop the expired ones, so the table never grows without bound."""
    await session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at <= now))
    session.add(record)


async def find(session: AsyncSession, session_id: str) -> tuple[ConsoleSession, ApiKey, Environment] | None:
    """A session with the key it was made with and that key's environment."""
    query = (
        select(ConsoleSession, ApiKey, Environment)
        .join(ApiKey, ApiKey.id == ConsoleSession.api_key_id)
        .join(Environment, Environment.id == ApiKey.environment_id)
        .where(ConsoleSession.id == session_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1], row[2]) if row else None


async def remove(session: AsyncSession, session_id: str) -> None:
    await session.execute(delete(ConsoleSession).where(ConsoleSession.id == session_id))
