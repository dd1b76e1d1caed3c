"""Queries for in-app feed entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

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


def _feed(environment_id: str, subscriber_id: str, read: bool | None, archived: bool | None) -> Select[Any]:
    query = select(InboxItem).where(
        InboxItem.environment_id == environment_id, InboxItem.subscriber_id == subscriber_id
    )
    if read is not None:
        query = query.where(InboxItem.read_at.is_not(None) if read else InboxItem.read_at.is_(None))
    if archived is not None:
        query = query.where(InboxItem.archived_at.is_not(None) if archived else InboxItem.archived_at.is_(None))
    return query


async def page(
    session: AsyncSession,
    environment_id: str,
    subscriber_id: str,
    *,
    read: bool | None,
    archived: bool | None,
    before: str | None,
    limit: int,
) -> list[InboxItem]:
    """Newest first; ``before`` is the last id of the previous page."""
    query = _feed(environment_id, subscriber_id, read, archived)
    if before:
        query = query.where(InboxItem.id < before)
    return list(await session.scalars(query.order_by(InboxItem.id.desc()).limit(limit)))


async def count(
    session: AsyncSession, environment_id: str, subscriber_id: str, *, read: bool | None, archived: bool | None
) -> int:
    query = _feed(environment_id, subscriber_id, read, archived).with_only_columns(func.count())
    return int(await session.scalar(query) or 0)


async def get(session: AsyncSession, environment_id: str, subscriber_id: str, item_id: str) -> InboxItem | None:
    return await session.scalar(
        select(InboxItem).where(
            InboxItem.environment_id == environment_id,
            InboxItem.subscriber_id == subscriber_id,
            InboxItem.id == item_id,
        )
    )


async def mark_all_read(session: AsyncSession, environment_id: str, subscriber_id: str, now: datetime) -> int:
    """Mark every unread, unarchived item read; returns how many changed."""
    result = await session.execute(
        update(InboxItem)
        .where(
            InboxItem.environment_id == environment_id,
            InboxItem.subscriber_id == subscriber_id,
            InboxItem.read_at.is_(None),
            InboxItem.archived_at.is_(None),
        )
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def after(
    session: AsyncSession, environment_id: str, subscriber_id: str, after_id: str, limit: int
) -> list[InboxItem]:
    """Oldest first: the items whose id sorts after ``after_id`` (what a stream has not sent yet)."""
    query = _feed(environment_id, subscriber_id, None, None).where(InboxItem.id > after_id)
    return list(await session.scalars(query.order_by(InboxItem.id).limit(limit)))


async def ids_after(session: AsyncSession, environment_id: str, subscriber_id: str, after_id: str) -> list[str]:
    """The ids of the items whose id sorts after ``after_id``."""
    query = _feed(environment_id, subscriber_id, None, None).where(InboxItem.id > after_id)
    return list(await session.scalars(query.with_only_columns(InboxItem.id)))
