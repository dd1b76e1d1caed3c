"""Messages out: accept (message and job committed together), read the delivery log, redeliver."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.catalog.values import normalize_email, normalize_phone
from interlink.core import metrics
from interlink.core.errors import Conflict, FieldError, NotFound, Unprocessable, invalid
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id
from interlink.sdk import Channel, Direction
from interlink.services import idempotency, paging, recipients, routing, templates
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import integrations as integration_store
from interlink.store import messages as store
from interlink.store import sqlite_queue
from interlink.store.tables import Integration, Message

MAX_BATCH = 500
LIMITS = {"subject": 1000, "text": 100_000, "html": 500_000}
STATUSES = ("queued", "sending", "delivered", "failed")
Finish = Callable[[AsyncSession, Any], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class MessageView:
    """A message as the faces show it (no lease or routing state)."""

    id: str
    channel: str
    status: str
    recipient: dict[str, Any]
    subject: str | None
    text: str | None
    html: str | None
    event_type: str | None
    payload: dict[str, Any]
    metadata_: dict[str, Any]
    integration_id: str | None
    requested_integration_id: str | None
    attempts: int
    last_error: str | None
    run_at: datetime
    trace_id: str | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptView:
    """One delivery attempt in a message's log."""

    number: int
    integration_id: str | None
    outcome: str
    status_code: int | None
    detail: str | None
    response_excerpt: str | None
    provider_message_id: str | None
    duration_ms: float | None
    next_attempt_at: datetime | None
    created_at: datetime


def _views(rows: list[Message]) -> list[MessageView]:
    return [of_row(MessageView, m) for m in rows]


@dataclass
class MessageDraft:
    """What a caller asks to send: one channel, one recipient, content or a template."""

    channel: str
    to: Any = None
    subject: str | None = None
    text: str | None = None
    html: str | None = None
    template: dict[str, str] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    integration_id: str | None = None
    event_type: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


def normalize_recipient(channel: str, to: Any, path: str) -> dict[str, Any]:
    """Normalize the recipient for the channel: an email, a phone, a subscriber, a push target, a chat target."""
    if channel == Channel.EMAIL:
        value = to.get("email") if isinstance(to, dict) else to
        email = normalize_email(value) if isinstance(value, str) else None
        if email is None:
            raise invalid(path, 'must be an email address (or {"email": …})')
        out = {"email": email}
        if isinstance(to, dict) and isinstance(to.get("name"), str):
            out["name"] = to["name"][:200]
        return out
    if channel in (Channel.SMS, Channel.PHONE):
        value = to.get("phone") if isinstance(to, dict) else to
        phone = normalize_phone(value) if isinstance(value, str) else None
        if phone is None:
            raise invalid(path, "must be a phone number in E.164 form, e.g. +14155552671")
        return {"phone": phone}
    if channel == Channel.IN_APP:
        value = to.get("subscriberId") if isinstance(to, dict) else to
        if not isinstance(value, str) or not 1 <= len(value) <= 200:
            raise invalid(path, 'must be a subscriber id (or {"subscriberId": …})')
        return {"subscriberId": value}
    if channel == Channel.PUSH:
        if not isinstance(to, dict) or not (
            isinstance(to.get("token"), str) or isinstance(to.get("subscription"), dict)
        ):
            raise invalid(path, 'must hold a device token ({"token": …}) or a Web Push subscription')
        return dict(to)
    if to is None:
        return {}
    if not isinstance(to, dict):
        raise invalid(path, "must be an object")
    return dict(to)


def fans_out(draft: MessageDraft) -> bool:
    """A message that names no recipient on a channel with recipient lists goes to the whole list."""
    return draft.to is None and draft.channel in recipients.LISTED


def _content(draft: MessageDraft, path: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {"subject": draft.subject, "text": draft.text, "html": draft.html}
    if draft.template is not None:
        if not isinstance(draft.template, dict) or not draft.template:
            raise invalid(f"{path}template", "must be an object with subject, text and/or html templates")
        for key, source in draft.template.items():
            if key not in LIMITS or not isinstance(source, str):
                raise invalid(f"{path}template.{key}", "must be a string template for subject, text or html")
            out[key] = templates.render(source, draft.data, html=key == "html", path=f"{path}template.{key}")
    for key, limit in LIMITS.items():
        if out[key] is not None and len(out[key] or "") > limit:
            raise invalid(f"{path}{key}", f"must be at most {limit} characters")
    channel = draft.channel
    if channel == Channel.EMAIL and not (out["text"] or out["html"]):
        raise invalid(f"{path}text", "an email needs text or html (or a template)")
    if channel in (Channel.SMS, Channel.PHONE, Channel.CHAT, Channel.PUSH, Channel.IN_APP) and not (
        out["text"] or out["subject"]
    ):
        raise invalid(f"{path}text", f"a {channel} message needs text (or a template)")
    return out


def _values(caller: Caller, draft: MessageDraft, path: str = "") -> dict[str, Any]:
    """A validated new message as its row: every column, keyed as the table names them."""
    channels = {c.value for c in Channel}
    if draft.channel not in channels:
        raise invalid(f"{path}channel", f"must be one of {', '.join(sorted(channels))}")
    recipient = {} if fans_out(draft) else normalize_recipient(draft.channel, draft.to, f"{path}to")
    content = _content(draft, path)
    if draft.integration_id is not None and not is_id(draft.integration_id, "int"):
        raise invalid(f"{path}integrationId", "is not an integration id")
    now = utcnow()
    return {
        "id": new_id("msg"),
        "environment_id": caller.environment_id,
        "organization_id": caller.organization_id,
        "channel": draft.channel,
        "requested_integration_id": draft.integration_id,
        "integration_id": None,
        "recipient": recipient,
        **content,
        "event_type": draft.event_type,
        "payload": draft.payload,
        "metadata": draft.metadata,
        "status": "queued",
        "attempts": 0,
        "retries": 0,
        "excluded": [],
        "run_at": now,
        "lease_owner": None,
        "lease_until": None,
        "last_error": None,
        "trace_id": current_trace_id(),
        "created_at": now,
        "updated_at": now,
        "delivered_at": None,
    }


def _message(row: dict[str, Any]) -> Message:
    """The ORM object of a row from ``_values``, for the session paths."""
    return Message(**{key: value for key, value in row.items() if key != "metadata"}, metadata_=row["metadata"])


def _view(row: dict[str, Any]) -> MessageView:
    """The view of a row from ``_values``, as ``_views`` shows the stored message."""
    return MessageView(**{f: row[f] for f in _VIEWED}, metadata_=row["metadata"])


_VIEWED = tuple(f.name for f in fields(MessageView) if f.name != "metadata_")


def _fans_out_row(row: dict[str, Any]) -> bool:
    return not row["recipient"] and row["channel"] in recipients.LISTED


class _Routes:
    """Refuses, at accept time, a message no integration could ever carry; reads each channel once per request."""

    def __init__(self, session: AsyncSession, caller: Caller) -> None:
        self.session, self.caller = session, caller
        self._channels: dict[str, list[Integration]] = {}

    async def check(self, row: dict[str, Any], path: str) -> Integration:
        """The integration a message (a row from ``_values``) goes to first: the named one, else the best candidate."""
        channel, requested = row["channel"], row["requested_integration_id"]
        live = self._channels.get(channel)
        if live is None:
            live = await integration_store.in_channel(self.session, self.caller.environment_id, channel)
            self._channels[channel] = live
        if requested:
            found = next((i for i in live if i.id == requested), None)
            if found is None:
                found = await integration_store.get(self.session, self.caller.environment_id, requested)
            if found is None:
                raise invalid(f"{path}integrationId", f"integration {requested} does not exist")
            if found.direction != Direction.EGRESS.value or found.channel != channel:
                raise invalid(f"{path}integrationId", f"integration {found.id} does not send on channel {channel}")
            if not found.active:
                raise invalid(f"{path}integrationId", f"integration {found.id} is not active")
            return found
        context = routing.context_of(row["payload"], row["recipient"])
        usable = routing.candidates(live, channel, context)
        if not usable and _fans_out_row(row):
            raise invalid(f"{path}to", f"is required: no active {channel} integration has a recipient list")
        if not usable:
            raise Unprocessable(
                f"No active {channel} integration matches this message",
                [FieldError(f"{path}channel", "has no active integration whose conditions match")],
            )
        return usable[0]


async def _fan_out(
    session: AsyncSession, row: dict[str, Any], integration: Integration, path: str
) -> list[dict[str, Any]]:
    """A message naming no recipient: one copy per verified recipient on the integration's list."""
    targets = await recipients.fan_out_targets(session, row["environment_id"], integration.id)
    if not targets:
        raise invalid(f"{path}to", f"names no recipient, and integration {integration.id} has no verified recipient")
    return [{**row, "id": new_id("msg"), "recipient": target} for target in targets]


async def accept(
    hub: Hub, caller: Caller, drafts: list[MessageDraft], finish: Finish | None = None, *, batch: bool = False
) -> list[MessageView]:
    """Validate, then commit the messages (which are their own jobs) in one transaction, and wake the workers."""
    caller.require(WRITE)
    if not drafts or len(drafts) > MAX_BATCH:
        raise invalid("messages", f"must hold 1 to {MAX_BATCH} messages")

    def build() -> list[dict[str, Any]]:
        return [_values(caller, d, f"messages[{i}]." if batch else "") for i, d in enumerate(drafts)]

    # Templates render off the event loop; messages without one skip the thread hop.
    built = await templates.render_off_loop(build) if any(d.template is not None for d in drafts) else build()
    one = not batch and not fans_out(drafts[0])
    if (finish is None or isinstance(finish, idempotency.Finisher)) and not any(_fans_out_row(r) for r in built):
        accepted = await _accept_whole(hub, caller, built, finish, batch, one)
    else:
        accepted = await _accept_in_session(hub, caller, built, finish, batch, one)
    hub.notify_work()
    for message in accepted:
        metrics.MESSAGES_ACCEPTED.labels(message.channel).inc()
    return accepted


async def _accept_whole(
    hub: Hub,
    caller: Caller,
    rows: list[dict[str, Any]],
    finish: idempotency.Finisher | None,
    batch: bool,
    one: bool,
) -> list[MessageView]:
    """Check the routes in a read, then insert every row, the wakeup and the key in one whole write.

    The write lock is held for the inserts alone, not for the reads and awaits of a session. Checking first
    is as safe as checking inside: an integration deleted or deactivated in between is what a worker finds
    at send time anyway (it routes each message afresh, and fails one that nothing can carry).
    """
    async with hub.db.read() as session:
        routes = _Routes(session, caller)
        for i, row in enumerate(rows):
            await routes.check(row, f"messages[{i}]." if batch else "")
    accepted = [_view(row) for row in rows]
    answer = finish.answer(accepted if not one else accepted[0], _no_seal) if finish is not None else None
    stored = sqlite_queue.stored_messages(rows) if hub.db.is_sqlite else None  # rendered before the lock

    def write(conn: Connection) -> None:
        if stored is not None:
            sqlite_queue.insert_stored_in(conn, stored)
        else:
            store.insert_rows_in(conn, rows)
        store.notify_in(conn)
        if finish is not None and answer is not None:
            finish.store_in(conn, answer)

    await hub.db.run_write(write)
    return accepted


def _no_seal(_owner: str, _values: dict[str, Any]) -> str | None:
    raise AssertionError("a message's answer holds no secret to seal")


async def _accept_in_session(
    hub: Hub,
    caller: Caller,
    rows: list[dict[str, Any]],
    finish: Finish | None,
    batch: bool,
    one: bool,
) -> list[MessageView]:
    """The route checks, fan-outs to recipient lists and the insert in one session's transaction."""
    async with hub.db.write() as session:
        routes = _Routes(session, caller)
        expanded: list[dict[str, Any]] = []
        for i, row in enumerate(rows):
            path = f"messages[{i}]." if batch else ""
            first = await routes.check(row, path)
            if _fans_out_row(row):
                expanded.extend(await _fan_out(session, row, first, path))
            else:
                expanded.append(row)
        built = [_message(row) for row in expanded]
        session.add_all(built)
        await session.flush()
        await store.notify(session)
        accepted = _views(built)
        if finish:
            await finish(session, accepted[0] if one else accepted)
    return accepted


async def stage(session: AsyncSession, caller: Caller, draft: MessageDraft) -> Message | None:
    """Add one message to the caller's open transaction (another service's), or None when no integration
    could carry it; the caller's transaction commits it and must call ``hub.notify_work()`` afterwards."""
    try:
        row = _values(caller, draft)
        await _Routes(session, caller).check(row, "")
    except Unprocessable:
        return None
    message = _message(row)
    session.add(message)
    await store.notify(session)
    return message


async def get(hub: Hub, caller: Caller, message_id: str) -> tuple[MessageView, list[AttemptView]]:
    caller.require(READ)
    async with hub.db.read() as session:
        message = await store.get(session, caller.environment_id, message_id) if is_id(message_id, "msg") else None
        if message is None:
            raise NotFound(f"Message {message_id} not found")
        attempts = await store.attempts(session, message.id)
        return of_row(MessageView, message), [of_row(AttemptView, a) for a in attempts]


async def list_page(
    hub: Hub,
    caller: Caller,
    *,
    status: str | None = None,
    channel: str | None = None,
    integration_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> paging.Page[MessageView]:
    """A page of messages, newest first, older than ``cursor``."""
    caller.require(READ)
    if status is not None and status not in STATUSES:
        raise invalid("status", f"must be one of {', '.join(STATUSES)}")
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows = await store.page(
            session,
            caller.environment_id,
            status=status,
            channel=channel,
            integration_id=integration_id,
            since=since,
            until=until,
            before=cursor,
            limit=fetch,
        )
    return paging.cut(_views(rows), limit)


async def redeliver(hub: Hub, caller: Caller, message_id: str) -> MessageView:
    """Queue a failed message again, with a fresh retry budget and every integration eligible again."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        message = await store.get(session, caller.environment_id, message_id) if is_id(message_id, "msg") else None
        if message is None:
            raise NotFound(f"Message {message_id} not found")
        if message.status != "failed":
            raise Conflict(f"Only failed messages can be redelivered; this one is {message.status}")
        message.status, message.retries, message.excluded = "queued", 0, []
        message.run_at = message.updated_at = utcnow()
        message.lease_owner = message.lease_until = None
        await store.notify(session)
        view = of_row(MessageView, message)
    hub.notify_work()
    return view
