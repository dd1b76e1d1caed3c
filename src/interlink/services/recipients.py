"""Recipient lists of email, SMS and phone integrations; a phone joins only after the code sent to it by SMS."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.catalog.values import normalize_email, normalize_phone
from interlink.core.errors import Conflict, FieldError, InterlinkError, NotFound, invalid
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id
from interlink.sdk import Channel, Direction
from interlink.services import audit, recipient_codes, routing
from interlink.services import secrets as secret_box
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import integrations as integration_store
from interlink.store import messages as message_store
from interlink.store import recipients as store
from interlink.store.egress_tables import Recipient
from interlink.store.tables import Action, Integration

LISTED = (Channel.EMAIL.value, Channel.SMS.value, Channel.PHONE.value)
CODE_TTL = timedelta(minutes=10)
MAX_TRIES = 5
RESEND_INTERVAL = timedelta(seconds=60)
CODES_PER_HOUR = 3
SEND_CODE = recipient_codes.SEND_CODE


class TooManyRequests(InterlinkError):
    """A code was asked for too soon or too often."""

    def __init__(self, detail: str, seconds: int) -> None:
        super().__init__(detail, [], 429, "Too Many Requests", {"Retry-After": str(max(1, seconds))})


@dataclass(frozen=True)
class NewRecipient:
    """What a caller adds: an email or phone, a label, and optionally the SMS integration that sends the code."""

    address: str
    name: str | None = None
    sms_integration_id: str | None = None


@dataclass(frozen=True, slots=True)
class RecipientView:
    """A recipient as the faces show it: never a code or its hash."""

    id: str
    integration_id: str
    kind: str
    address: str
    name: str | None
    status: str
    code_expires_at: datetime | None
    tries: int
    verified_at: datetime | None
    created_at: datetime


def hash_code(code: str, salt: str | None = None) -> str:
    """``salt$hmac`` of a code; the code itself is never stored."""
    salt = salt or secrets.token_hex(16)
    digest = hmac.new(bytes.fromhex(salt), code.encode(), hashlib.sha256).hexdigest()
    return f"{salt}${digest}"


def code_matches(code: str, stored: str | None) -> bool:
    if not stored or "$" not in stored:
        return False
    salt = stored.split("$", 1)[0]
    return hmac.compare_digest(hash_code(code, salt), stored)


async def _listed_integration(session: AsyncSession, caller: Caller, integration_id: str) -> Integration:
    record = (
        await integration_store.get(session, caller.environment_id, integration_id)
        if is_id(integration_id, "int")
        else None
    )
    if record is None:
        raise NotFound(f"Integration {integration_id} not found")
    if record.direction != Direction.EGRESS.value or record.channel not in LISTED:
        raise invalid("integrationId", "only email, SMS and phone integrations have a recipient list")
    return record


async def list_recipients(hub: Hub, caller: Caller, integration_id: str) -> list[RecipientView]:
    caller.require(READ)
    async with hub.db.read() as session:
        record = await _listed_integration(session, caller, integration_id)
        return [of_row(RecipientView, r) for r in await store.listed(session, caller.environment_id, record.id)]


async def _sms_route(session: AsyncSession, caller: Caller, record: Integration, named: str | None) -> Integration:
    """The integration that sends the code: the one named, else this one if it sends SMS, else the SMS primary."""
    if named is not None:
        found = await integration_store.get(session, caller.environment_id, named) if is_id(named, "int") else None
        if found is None:
            raise invalid("smsIntegrationId", f"integration {named} does not exist")
        if found.direction != Direction.EGRESS.value or found.channel != Channel.SMS.value or not found.active:
            raise invalid("smsIntegrationId", f"integration {named} is not an active SMS integration")
        return found
    if record.channel == Channel.SMS.value and record.active:
        return record
    live = await integration_store.in_channel(session, caller.environment_id, Channel.SMS.value)
    usable = routing.candidates(live, Channel.SMS.value, routing.context_of({}, {}))
    if not usable:
        raise invalid("smsIntegrationId", "no active SMS integration can send the code; create one or name one")
    return usable[0]


def _rate_limit(row: Recipient, now: datetime) -> None:
    if row.last_code_at is not None and now - row.last_code_at < RESEND_INTERVAL:
        wait = RESEND_INTERVAL - (now - row.last_code_at)
        raise TooManyRequests(
            "A code was sent less than a minute ago; wait before asking again", int(wait.total_seconds()) + 1
        )
    if row.window_started_at is not None and now - row.window_started_at < timedelta(hours=1):
        if row.codes_sent >= CODES_PER_HOUR:
            wait = timedelta(hours=1) - (now - row.window_started_at)
            raise TooManyRequests(
                f"At most {CODES_PER_HOUR} codes an hour go to one number", int(wait.total_seconds()) + 1
            )
    else:
        row.window_started_at, row.codes_sent = now, 0


async def _queue_code(hub: Hub, session: AsyncSession, caller: Caller, row: Recipient, sender: Integration) -> None:
    """Start a new code: hashed on the row, sealed in the queued send (never in clear in the database)."""
    now = utcnow()
    _rate_limit(row, now)
    code = f"{secrets.randbelow(10**6):06d}"
    row.code_hash, row.code_expires_at, row.tries = hash_code(code), now + CODE_TTL, 0
    row.codes_sent, row.last_code_at, row.sms_integration_id = row.codes_sent + 1, now, sender.id
    row.status, row.updated_at = "pending", now
    action_id = new_id("act")
    sealed = await secret_box.encrypt(hub, session, caller.environment_id, action_id, {"code": code})
    session.add(
        Action(
            id=action_id,
            environment_id=caller.environment_id,
            organization_id=caller.organization_id,
            integration_id=sender.id,
            action=SEND_CODE,
            input={"recipientId": row.id, "phone": row.address, "sealed": sealed},
            status="queued",
            actor=caller.actor,
            trace_id=current_trace_id(),
        )
    )
    await message_store.notify(session)


async def add(hub: Hub, caller: Caller, integration_id: str, new: NewRecipient) -> RecipientView:
    """Add an email (on the list at once) or a phone (pending until its code is verified)."""
    caller.require(WRITE)
    if new.name is not None and len(new.name) > 200:
        raise invalid("name", "must be at most 200 characters")
    async with hub.db.write() as session:
        record = await _listed_integration(session, caller, integration_id)
        kind = "email" if record.channel == Channel.EMAIL.value else "phone"
        address = normalize_email(new.address) if kind == "email" else normalize_phone(new.address)
        if address is None:
            example = "an email address" if kind == "email" else "a phone number in E.164 form, e.g. +14155552671"
            raise invalid("address", f"must be {example}")
        sender = await _sms_route(session, caller, record, new.sms_integration_id) if kind == "phone" else None
        row = await store.by_address(session, record.id, address)
        if row is not None and not row.deleted:
            raise Conflict(f"{address} is already on this list", [FieldError("address", "is already on the list")])
        now = utcnow()
        if row is None:
            row = Recipient(
                id=new_id("rcp"),
                environment_id=caller.environment_id,
                integration_id=record.id,
                kind=kind,
                address=address,
                tries=0,
                codes_sent=0,
                deleted=False,
                created_at=now,
            )
            session.add(row)
        row.deleted, row.name, row.updated_at, row.verified_at = False, new.name, now, None
        if sender is None:
            row.status, row.verified_at = "verified", now
        else:
            await _queue_code(hub, session, caller, row, sender)
        await session.flush()
        audit.record(
            session, caller, "recipient.added", "integration", record.id, {"recipientId": row.id, "kind": kind}
        )
    if sender is not None:
        hub.notify_work()
    return of_row(RecipientView, row)


async def resend(hub: Hub, caller: Caller, integration_id: str, recipient_id: str) -> RecipientView:
    """A new code for a pending or failed phone (rate-limited); the old code stops working."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await _listed_integration(session, caller, integration_id)
        row = await _recipient(session, caller, record, recipient_id)
        if row.status == "verified":
            raise Conflict(f"Recipient {row.id} is already verified")
        sender = await _sms_route(
            session, caller, record, row.sms_integration_id if row.sms_integration_id != record.id else None
        )
        await _queue_code(hub, session, caller, row, sender)
    hub.notify_work()
    return of_row(RecipientView, row)


async def verify(hub: Hub, caller: Caller, integration_id: str, recipient_id: str, code: str) -> RecipientView:
    """Check a code: right and in time joins the list; five wrong tries fail the number until a new code."""
    caller.require(WRITE)
    code = code.strip()
    if not code.isdigit() or len(code) != 6:
        raise invalid("code", "must be the 6-digit code sent by SMS")
    async with hub.db.write() as session:
        record = await _listed_integration(session, caller, integration_id)
        row = await _recipient(session, caller, record, recipient_id, for_update=True)
        if row.status == "verified":
            raise Conflict(f"Recipient {row.id} is already verified")
        now = utcnow()
        if row.status == "failed" or row.tries >= MAX_TRIES:
            raise invalid("code", "too many wrong codes; ask for a new one")
        if row.code_expires_at is None or row.code_expires_at <= now:
            raise invalid("code", "has expired; ask for a new one")
        if not code_matches(code, row.code_hash):
            row.tries += 1
            left = MAX_TRIES - row.tries
            if left <= 0:
                row.status, row.code_hash = "failed", None
            row.updated_at = now
            outcome: Recipient | None = None
        else:
            row.status, row.verified_at, row.updated_at = "verified", now, now
            row.code_hash = row.code_expires_at = None
            audit.record(session, caller, "recipient.verified", "integration", record.id, {"recipientId": row.id})
            outcome = row
    if outcome is None:
        raise invalid("code", f"is not the code sent; {left} tries left" if left > 0 else "is wrong; no tries left")
    return of_row(RecipientView, outcome)


async def remove(hub: Hub, caller: Caller, integration_id: str, recipient_id: str) -> RecipientView:
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await _listed_integration(session, caller, integration_id)
        row = await _recipient(session, caller, record, recipient_id, for_update=True)
        row.deleted, row.updated_at = True, utcnow()
        row.code_hash = None
        audit.record(session, caller, "recipient.removed", "integration", record.id, {"recipientId": row.id})
    return of_row(RecipientView, row)


async def _recipient(
    session: AsyncSession, caller: Caller, record: Integration, recipient_id: str, *, for_update: bool = False
) -> Recipient:
    row = (
        await store.get(session, caller.environment_id, record.id, recipient_id, for_update=for_update)
        if is_id(recipient_id, "rcp")
        else None
    )
    if row is None:
        raise NotFound(f"Recipient {recipient_id} not found")
    return row


async def fan_out_targets(session: AsyncSession, environment_id: str, integration_id: str) -> list[dict[str, Any]]:
    """The recipients a message that names none goes to: the verified ones, as message recipients."""
    rows = await store.verified(session, environment_id, integration_id)
    out: list[dict[str, Any]] = []
    for row in rows:
        target: dict[str, Any] = {row.kind: row.address}
        if row.name and row.kind == "email":
            target["name"] = row.name
        out.append(target)
    return out
