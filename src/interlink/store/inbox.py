"""Queries for in-app feed entries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.ids import new_id
from interlink.store.tables import InboxItem


async def add_for_messages(session: AsyncSession, entries: list[tuple[str, str, str | None, dict[str, Any]]]) -> None:
    """Add one feed entry per delivered in-app message, skipping messages that already have one."""
    if not entries:
        return
    ids = [message_id for _, message_id, _, _ in entries]
    existing = set(await session.scalars(select(InboxItem.message_id).where(InboxItem.message_id.in_(ids))))
    for environment_id, message_id, integration_id, entry in entries:
        if message_id in existing:
            continue
        session.add(
            InboxItem(
                id=new_id("inb"),
                environment_id=environment_id,
                subscriber_id=str(entry["subscriberId"]),
                message_id=message_id,
                integration_id=integration_id,
                subject=entry.get("subject"),
                text=entry.get("text"),
                html=entry.get("html"),
                data=entry.get("data") or {},
            )
        )
