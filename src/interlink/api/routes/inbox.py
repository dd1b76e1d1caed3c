"""``/v2/inbox``: a subscriber's in-app feed, its read/archived marks, and a Server-Sent Events stream of new items."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from starlette.responses import Response, StreamingResponse

from interlink.api import schemas
from interlink.core.timeutil import iso
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import PagingDep
from interlink.http_kit.http import FastJSON
from interlink.services import inbox, keys
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.services.inbox import FeedItem, InboxItemView

router = APIRouter(tags=["inbox"])
CallerDep = Annotated[Caller, Depends(caller)]
HEARTBEAT_SECONDS = 15.0
POLL_SECONDS = 1.0  # how often a stream looks for items another process stored
RETRY_MS = 3000  # how long an EventSource waits before it reconnects
KEY_CHECK_SECONDS = 2.0  # how often a stream asks whether its key was revoked


def item_view(record: InboxItemView) -> dict[str, Any]:
    """One feed item as the native API shows it."""
    return {
        "id": record.id,
        "subscriberId": record.subscriber_id,
        "messageId": record.message_id,
        "integrationId": record.integration_id,
        "subject": record.subject,
        "text": record.text,
        "html": record.html,
        "data": record.data,
        "read": record.read_at is not None,
        "readAt": iso(record.read_at),
        "archived": record.archived_at is not None,
        "archivedAt": iso(record.archived_at),
        "createdAt": iso(record.created_at),
    }


def feed_views(items: list[FeedItem]) -> list[dict[str, Any]]:
    """A page's items as ``item_view`` shows each, built straight from the page's tuples (a page holds many)."""
    return [
        {
            "id": id_,
            "subscriberId": subscriber,
            "messageId": message,
            "integrationId": integration,
            "subject": subject,
            "text": text,
            "html": html,
            "data": data,
            "read": read_at is not None,
            "readAt": read_at,
            "archived": archived_at is not None,
            "archivedAt": archived_at,
            "createdAt": created_at,
        }
        for id_, subscriber, message, integration, subject, text, html, data, read_at, archived_at, created_at in items
    ]


@router.get(
    "/v2/inbox/{subscriberId}",
    response_model=schemas.Feed,
    summary="A subscriber's feed, newest first, with the unread count",
)
async def list_feed(
    subscriberId: str,
    request: Request,
    who: CallerDep,
    paging: PagingDep,
    read: bool | None = Query(None, description="Only read (true) or only unread (false) items"),
    archived: bool = Query(False, description="Archived items instead of the live feed"),
) -> Response:
    return await answer_feed(hub_of(request), who, subscriberId, read, archived, paging.cursor, paging.limit)


async def answer_feed(
    hub: Hub, who: Caller, subscriber_id: str, read: bool | None, archived: bool, cursor: str | None, limit: int
) -> Response:
    """A page of a feed as the route answers it (the route's and ``fast_reads``' one rendering)."""
    page = await inbox.feed(hub, who, subscriber_id, read=read, archived=archived, cursor=cursor, limit=limit)
    return FastJSON(
        {
            "data": feed_views(page.items),
            "unreadCount": page.unread,
            "totalCount": page.total,
            "nextCursor": page.next_cursor,
        }
    )


@router.get("/v2/inbox/{subscriberId}/items/{itemId}", response_model=schemas.InboxItem, summary="One feed item")
async def get_item(subscriberId: str, itemId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(item_view(await inbox.get(hub_of(request), who, subscriberId, itemId)))


async def _mark(request: Request, who: Caller, subscriber_id: str, item_id: str, change: str) -> Response:
    return FastJSON(item_view(await inbox.mark(hub_of(request), who, subscriber_id, item_id, change)))


@router.post(
    "/v2/inbox/{subscriberId}/items/{itemId}/read", response_model=schemas.InboxItem, summary="Mark an item read"
)
async def mark_read(subscriberId: str, itemId: str, request: Request, who: CallerDep) -> Response:
    return await _mark(request, who, subscriberId, itemId, "read")


@router.post(
    "/v2/inbox/{subscriberId}/items/{itemId}/unread", response_model=schemas.InboxItem, summary="Mark an item unread"
)
async def mark_unread(subscriberId: str, itemId: str, request: Request, who: CallerDep) -> Response:
    return await _mark(request, who, subscriberId, itemId, "unread")


@router.post(
    "/v2/inbox/{subscriberId}/items/{itemId}/archive",
    response_model=schemas.InboxItem,
    summary="Archive an item (hidden from the feed)",
)
async def archive(subscriberId: str, itemId: str, request: Request, who: CallerDep) -> Response:
    return await _mark(request, who, subscriberId, itemId, "archive")


@router.post(
    "/v2/inbox/{subscriberId}/items/{itemId}/unarchive",
    response_model=schemas.InboxItem,
    summary="Bring an archived item back",
)
async def unarchive(subscriberId: str, itemId: str, request: Request, who: CallerDep) -> Response:
    return await _mark(request, who, subscriberId, itemId, "unarchive")


@router.post("/v2/inbox/{subscriberId}/read-all", response_model=schemas.Updated, summary="Mark every unread item read")
async def read_all(subscriberId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON({"updated": await inbox.mark_all_read(hub_of(request), who, subscriberId)})


def _event(record: InboxItemView) -> bytes:
    return b"id: %s\nevent: message\ndata: %s\n\n" % (record.id.encode(), orjson.dumps(item_view(record)))


async def _events(follower: inbox.Follower, allowed: Callable[[], Awaitable[bool]]) -> AsyncIterator[bytes]:
    """Items as they are stored, a comment line when idle, until the client goes away or its key is revoked."""
    yield b"retry: %d\n\n" % RETRY_MS
    quiet_since = checked = time.monotonic()
    while True:
        if time.monotonic() - checked >= KEY_CHECK_SECONDS:
            if not await allowed():
                yield b'event: revoked\ndata: {"detail": "The API key was revoked"}\n\n'
                return
            checked = time.monotonic()
        items, more = await follower.fetch()
        for record in items:
            yield _event(record)
        if items:
            quiet_since = time.monotonic()
        if more:
            continue
        idle = time.monotonic() - quiet_since
        if idle >= HEARTBEAT_SECONDS:
            yield b": heartbeat\n\n"
            quiet_since, idle = time.monotonic(), 0.0
        await follower.wait(min(POLL_SECONDS, HEARTBEAT_SECONDS - idle, KEY_CHECK_SECONDS))


@router.get(
    "/v2/inbox/{subscriberId}/stream",
    summary="New feed items as Server-Sent Events (event: message; Last-Event-ID replays what was missed)",
    response_class=StreamingResponse,
    responses={
        200: {"description": "One event per new item", "content": {"text/event-stream": {"schema": {"type": "string"}}}}
    },
)
async def stream(
    subscriberId: str,
    request: Request,
    who: CallerDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=40)] = None,
) -> Response:
    hub = hub_of(request)
    follower = await inbox.follow(hub, who, subscriberId, last_event_id)
    return StreamingResponse(
        _events(follower, lambda: keys.still_valid(hub, who)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
