"""Queries for in-app feed entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, bindparam, func, select, type_coerce, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from interlink.core.ids import new_id
from interlink.store.database import sqlite_json
from interlink.store.plain_sql import all_rows
from interlink.store.tables import InboxItem
from interlink.store.types import iso_text, shown_stamp

# A feed item as a page reads it: id, subscriber_id, message_id, integration_id, subject, text, html, data,
# then read_at, archived_at and created_at as shown (``2025-01-01T00:00:00.000Z``) or None.
FeedRow = tuple[str, str, str, str | None, str | None, str | None, str | None, Any, str | None, str | None, str]


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


_TABLE = InboxItem.__table__
_FeedShape = tuple[bool | None, bool | None, bool]  # read, archived, whether a cursor is given
_PAGES: dict[_FeedShape, Select[Any]] = {}
_COUNTS: dict[_FeedShape, Select[Any]] = {}


def _where(read: bool | None, archived: bool | None) -> list[Any]:
    c = _TABLE.c
    found = [c.environment_id == bindparam("environment_id"), c.subscriber_id == bindparam("subscriber_id")]
    if read is not None:
        found.append(c.read_at.is_not(None) if read else c.read_at.is_(None))
    if archived is not None:
        found.append(c.archived_at.is_not(None) if archived else c.archived_at.is_(None))
    return found


def _count_columns(shape: _FeedShape) -> list[Any]:
    """The feed's unread count (unarchived unread items, whatever the filters) and the total the filters match."""
    unread = select(func.count()).select_from(_TABLE).where(*_where(False, False)).correlate(None)
    total = select(func.count()).select_from(_TABLE).where(*_where(shape[0], shape[1])).correlate(None)
    return [unread.scalar_subquery().label("unread"), total.scalar_subquery().label("total")]


def _counts(shape: _FeedShape) -> Select[Any]:
    found = _COUNTS.get(shape)
    if found is None:
        found = _COUNTS[shape] = select(*_count_columns(shape))
    return found


def _feed_columns() -> list[Any]:
    """A ``FeedRow``'s columns, JSON and timestamps as the driver gives them: no result processor runs per value.

    pysqlite gives the stored text of both; asyncpg gives JSON already parsed (its codec runs the engine's JSON
    reader) and the timestamps as PostgreSQL formatted them (``shown_stamp``).
    """
    c = _TABLE.c
    plain = [c.id, c.subscriber_id, c.message_id, c.integration_id, c.subject, c.text, c.html]
    stamps = (c.read_at, c.archived_at, c.created_at)
    return [*plain, type_coerce(c.data, String()).label("data"), *(shown_stamp(s).label(s.name) for s in stamps)]


def _page(shape: _FeedShape) -> Select[Any]:
    found = _PAGES.get(shape)
    if found is None:
        query = select(*_feed_columns(), *_count_columns(shape)).where(*_where(shape[0], shape[1]))
        if shape[2]:
            query = query.where(_TABLE.c.id < bindparam("before"))
        found = _PAGES[shape] = query.order_by(_TABLE.c.id.desc()).limit(bindparam("limit", type_=Integer()))
    return found


def feed_page(
    conn: Connection,
    environment_id: str,
    subscriber_id: str,
    *,
    read: bool | None,
    archived: bool | None,
    before: str | None,
    limit: int,
) -> tuple[list[FeedRow], int, int]:
    """Newest first, up to ``limit`` rows, with the unread count and the total matching, in one statement.

    The counts ride on every row; only a page past the last item, which has no row to carry them, asks on its own.
    Each row is read from its stored form in one step, with no intermediate objects.
    """
    shape = (read, archived, bool(before))
    params = {
        "environment_id": environment_id,
        "subscriber_id": subscriber_id,
        "before": before,
        "limit": limit,
    }
    rows = all_rows(conn, _page(shape), params)
    if rows:
        if conn.dialect.name == "sqlite":  # JSON as its stored text (never NULL): read as the SQLite engines read it
            items = [(*r[:7], sqlite_json(r[7]), iso_text(r[8]), iso_text(r[9]), iso_text(r[10])) for r in rows]
        else:  # JSON parsed by asyncpg's codec, timestamps formatted by PostgreSQL
            items = [tuple(r[:11]) for r in rows]
        return items, int(rows[0][11]), int(rows[0][12])
    unread, total = conn.execute(_counts(shape), params).one()
    return [], int(unread), int(total)


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
