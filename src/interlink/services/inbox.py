"""The in-app feed a subscriber reads: list, count, mark read/unread/archived, and follow new items live."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ulid import ULID

from interlink.core.errors import NotFound, invalid
from interlink.core.ids import is_id
from interlink.core.timeutil import utcnow
from interlink.services import paging
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import inbox as store

MAX_SUBSCRIBER = 200
CHANGES = ("read", "unread", "archive", "unarchive")
# A writer in another process may commit an item whose id sorts before one a stream already sent;
# a stream therefore looks this many seconds back on every check and skips what it has sent.
LOOKBACK_SECONDS = 30.0
FOLLOW_BATCH = 200


@dataclass(frozen=True, slots=True)
class InboxItemView:
    """One feed item as the faces show it."""

    id: str
    subscriber_id: str
    message_id: str
    integration_id: str | None
    subject: str | None
    text: str | None
    html: str | None
    data: dict[str, Any]
    read_at: datetime | None
    archived_at: datetime | None
    created_at: datetime


FeedItem = store.FeedRow
"""One item of a feed page, as a tuple a face unpacks: id, subscriber_id, message_id, integration_id, subject, text,
html, data, then read_at, archived_at and created_at already in the shown form (``2025-01-01T00:00:00.000Z``) or None.
A page reads many items: a tuple per row is all it builds."""


@dataclass(frozen=True)
class FeedPage:
    """One page of a feed, newest first, with the counts a badge and a pager need."""

    items: list[FeedItem]
    unread: int
    total: int
    next_cursor: str | None


def _subscriber(subscriber_id: str) -> str:
    if not 1 <= len(subscriber_id) <= MAX_SUBSCRIBER:
        raise invalid("subscriberId", f"must be 1 to {MAX_SUBSCRIBER} characters")
    return subscriber_id


def _item_id(value: str, path: str) -> str:
    if not is_id(value, "inb"):
        raise invalid(path, "is not an inbox item id (inb_…)")
    return value


async def feed(
    hub: Hub,
    caller: Caller,
    subscriber_id: str,
    *,
    read: bool | None = None,
    archived: bool | None = False,
    cursor: str | None = None,
    limit: int = 50,
) -> FeedPage:
    """A page of the subscriber's feed; ``unread`` counts unread, unarchived items whatever the filters."""
    caller.require(READ)
    subscriber = _subscriber(subscriber_id)
    paging.checked(limit, cursor)
    if cursor is not None:
        _item_id(cursor, "cursor")
    env = caller.environment_id
    rows, unread, total = await hub.db.run_read(
        lambda conn: store.feed_page(
            conn, env, subscriber, read=read, archived=archived, before=cursor, limit=limit + 1
        )
    )
    if len(rows) > limit:
        del rows[limit:]
        return FeedPage(rows, unread, total, rows[-1][0])
    return FeedPage(rows, unread, total, None)


async def get(hub: Hub, caller: Caller, subscriber_id: str, item_id: str) -> InboxItemView:
    caller.require(READ)
    subscriber = _subscriber(subscriber_id)
    async with hub.db.read() as session:
        row = await store.get(session, caller.environment_id, subscriber, item_id) if is_id(item_id, "inb") else None
    if row is None:
        raise NotFound(f"Inbox item {item_id} not found")
    return of_row(InboxItemView, row)


async def mark(hub: Hub, caller: Caller, subscriber_id: str, item_id: str, change: str) -> InboxItemView:
    """Mark one item read, unread, archived or unarchived; marking twice keeps the first time."""
    caller.require(WRITE)
    subscriber = _subscriber(subscriber_id)
    if change not in CHANGES:
        raise invalid("change", f"must be one of {', '.join(CHANGES)}")
    async with hub.db.write() as session:
        row = await store.get(session, caller.environment_id, subscriber, item_id) if is_id(item_id, "inb") else None
        if row is None:
            raise NotFound(f"Inbox item {item_id} not found")
        now = utcnow()
        if change == "read":
            row.read_at = row.read_at or now
        elif change == "unread":
            row.read_at = None
        elif change == "archive":
            row.archived_at = row.archived_at or now
        else:
            row.archived_at = None
    return of_row(InboxItemView, row)


async def mark_all_read(hub: Hub, caller: Caller, subscriber_id: str) -> int:
    """Mark every unread, unarchived item of the subscriber read; returns how many changed."""
    caller.require(WRITE)
    subscriber = _subscriber(subscriber_id)
    async with hub.db.write() as session:
        return await store.mark_all_read(session, caller.environment_id, subscriber, utcnow())


def _floor_id(seconds_ago: float) -> str:
    """The smallest inbox item id that could have been made ``seconds_ago`` seconds ago."""
    return "inb_" + str(ULID.from_timestamp(max(0.0, time.time() - seconds_ago)))[:10] + "0" * 16


@dataclass
class Follower:
    """A subscriber's new feed items in id order, each once: for a live stream."""

    hub: Hub
    environment_id: str
    subscriber_id: str
    base: str
    cursor: str
    seen: set[str] = field(default_factory=set)

    async def fetch(self) -> tuple[list[InboxItemView], bool]:
        """Items not sent yet, oldest first, and whether more are waiting."""
        low = max(self.base, min(self.cursor, _floor_id(LOOKBACK_SECONDS)))
        self.seen = {i for i in self.seen if i > low}
        async with self.hub.db.read() as session:
            while True:
                rows = await store.after(session, self.environment_id, self.subscriber_id, low, FOLLOW_BATCH)
                fresh = [r for r in rows if r.id not in self.seen]
                if fresh or len(rows) < FOLLOW_BATCH:
                    break
                low = rows[-1].id
        self.seen.update(r.id for r in fresh)
        if fresh:
            self.cursor = max(self.cursor, fresh[-1].id)
        return [of_row(InboxItemView, r) for r in fresh], len(rows) == FOLLOW_BATCH

    async def wait(self, seconds: float) -> None:
        """Sleep until this process stores feed items or ``seconds`` pass (other processes' items are polled for)."""
        with contextlib.suppress(TimeoutError):
            async with self.hub.inbox_changed:
                await asyncio.wait_for(self.hub.inbox_changed.wait(), seconds)


async def follow(hub: Hub, caller: Caller, subscriber_id: str, last_event_id: str | None = None) -> Follower:
    """Start following a feed: after ``last_event_id`` if given (a reconnect), else from now on."""
    caller.require(READ)
    subscriber = _subscriber(subscriber_id)
    env = caller.environment_id
    if last_event_id:
        start = _item_id(last_event_id, "Last-Event-ID")
        return Follower(hub, env, subscriber, start, start)
    base = _floor_id(LOOKBACK_SECONDS)
    async with hub.db.read() as session:
        existing = await store.ids_after(session, env, subscriber, base)
    return Follower(hub, env, subscriber, base, max(existing, default=base), set(existing))
