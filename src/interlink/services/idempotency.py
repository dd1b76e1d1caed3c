"""``Idempotency-Key`` handling: look the key up, store it with the work's answer in the work's transaction, replay.

``prepare`` only reads: a finished key replays, a key in progress (a claim ``begin`` committed) is 409. The
work then inserts the key, done, with its answer in its own transaction; when another request stored the
key first, the insert finds it, the work's transaction rolls back (``Raced``) and the winner's answer is
replayed, so the work happens once and a crash before the commit leaves neither the work nor the key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core import jsonsafe
from interlink.core.errors import Conflict, invalid
from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.services import secrets
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.store import idempotency as store
from interlink.store.tables import IdempotencyRecord

KEY_TTL = timedelta(hours=24)
LOCK_TTL = timedelta(seconds=60)
MAX_KEY_LENGTH = 255


def fingerprint(method: str, path: str, body: bytes) -> str:
    """Hash the request so a reused key with another body is caught; JSON key order does not count."""
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS) if body else b""
    except orjson.JSONDecodeError:
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


@dataclass
class Replay:
    """A finished earlier request with this key: its stored response."""

    status_code: int
    body: bytes


class Raced(Exception):
    """Another request stored this key while the work ran; the work's transaction rolls back."""


@dataclass
class Claim:
    """This request owns the key until it finishes or its lock runs out; ``pending`` when nothing is stored yet."""

    environment_id: str
    key: str
    owner: str
    body: bytes = b""
    hub: Hub | None = None
    fingerprint: str = ""
    pending: bool = False  # from ``prepare``: the key is inserted, done, by the work's transaction
    replaces: str | None = None  # the owner of an expired or abandoned record the insert takes the place of

    def finisher(
        self,
        status_code: int,
        render: Callable[[Any], Any],
        reveal: Callable[[Any], dict[str, Any]] | None = None,
    ) -> Finisher:
        """A callback for a service: stores the rendered result in the service's own transaction.

        ``reveal`` adds one-time secrets to the response; the stored response is then encrypted, so a
        replay answers exactly the same until the key expires, and no secret is ever stored in clear.
        """
        return Finisher(self, status_code, render, reveal)

    def done_values(self, status_code: int, stored: str) -> dict[str, Any]:
        """The row of this key, finished with its response, as the work's transaction inserts it."""
        now = utcnow()
        return {
            "environment_id": self.environment_id,
            "key": self.key,
            "fingerprint": self.fingerprint,
            "owner": self.owner,
            "done": True,
            "status_code": status_code,
            "body": stored,
            "locked_until": now,
            "expires_at": now + KEY_TTL,
        }


Seal = Callable[[str, dict[str, Any]], str | None]


@dataclass
class Finisher:
    """Stores a claim's answer in the work's transaction: awaited in a session, or within a whole write."""

    claim: Claim
    status_code: int
    render: Callable[[Any], Any]
    reveal: Callable[[Any], dict[str, Any]] | None

    def _rendered(self, result: Any) -> bool:
        """Render the answer into the claim; True when it holds one-time secrets and must be stored sealed."""
        response = self.render(result)
        shown = self.reveal(result) if self.reveal else {}
        self.claim.body = jsonsafe.dumps({**response, **shown} if shown else response)
        return bool(shown) and self.claim.hub is not None

    async def __call__(self, session: AsyncSession, result: Any) -> None:
        claim = self.claim
        sealing = self._rendered(result)
        stored = claim.body.decode()
        if sealing and claim.hub is not None:
            owner = _owner(claim.environment_id, claim.key)
            stored = SEALED + (
                await secrets.encrypt(claim.hub, session, claim.environment_id, owner, {"body": stored}) or ""
            )
        if claim.pending:
            if claim.replaces is not None:
                await store.drop(session, claim.environment_id, claim.key, claim.replaces)
            if not await store.insert_done(session, claim.done_values(self.status_code, stored)):
                raise Raced()
            return
        if not await store.finish(session, claim.environment_id, claim.key, claim.owner, self.status_code, stored):
            raise _taken_over()

    @property
    def inserts_alone(self) -> bool:
        """Whether storing the answer is one insert of a new key (no earlier record to drop or update)."""
        return self.claim.pending and self.claim.replaces is None

    def answer(self, result: Any, seal: Seal) -> str:
        """The answer as stored, sealed with ``seal`` (the whole write's data key) when it holds secrets."""
        claim = self.claim
        sealing = self._rendered(result)
        stored = claim.body.decode()
        if sealing:
            stored = SEALED + (seal(_owner(claim.environment_id, claim.key), {"body": stored}) or "")
        return stored

    def within(self, conn: Connection, result: Any, seal: Seal) -> None:
        """Store the answer in a whole write (``Database.run_write``); ``seal`` encrypts with its data key."""
        self.store_in(conn, self.answer(result, seal))

    def store_in(self, conn: Connection, stored: str) -> None:
        """Store an ``answer`` rendered beforehand (outside the write lock) in a whole write."""
        claim = self.claim
        if claim.pending:
            if claim.replaces is not None:
                store.drop_in(conn, claim.environment_id, claim.key, claim.replaces)
            if not store.insert_done_in(conn, claim.done_values(self.status_code, stored)):
                raise Raced()
            return
        if not store.finish_in(conn, claim.environment_id, claim.key, claim.owner, self.status_code, stored):
            raise _taken_over()


def _taken_over() -> Conflict:
    return Conflict("This Idempotency-Key was taken over by another request; retry", headers={"Retry-After": "1"})


SEALED = secrets.SEALED_RESPONSE
_owner = secrets.response_owner


async def _stored_body(hub: Hub, session: AsyncSession, record: IdempotencyRecord) -> bytes:
    return await _opened(hub, session, record.environment_id, record.key, record.body)


async def _opened(hub: Hub, session: AsyncSession | None, environment_id: str, key: str, body: str | None) -> bytes:
    """A stored response as sent; a sealed one (it held one-time secrets) is decrypted first."""
    text = body or ""
    if text.startswith(SEALED):
        if session is None:
            async with hub.db.read() as reader:
                return await _opened(hub, reader, environment_id, key, body)
        opened = await secrets.decrypt(hub, session, _owner(environment_id, key), text[len(SEALED) :])
        text = str(opened["body"])
    return text.encode()


def _checked(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise invalid("Idempotency-Key", f"must be 1 to {MAX_KEY_LENGTH} characters")


async def prepare(hub: Hub, caller: Caller, key: str, print_: str) -> Claim | Replay:
    """Read ``key``: the stored response, or a pending claim for the work to store; refuse (409 busy, 422 reused)."""
    _checked(key)
    now = utcnow()
    record = await hub.db.run_read(lambda conn: store.peek(conn, caller.environment_id, key))
    replaces = record.owner if record is not None else None
    if record is not None and record.expires_at >= now:
        if record.fingerprint != print_:
            raise invalid("Idempotency-Key", f'Request with key "{key}" is being reused for a different body')
        if record.done:
            body = await _opened(hub, None, caller.environment_id, key, record.body)
            return Replay(record.status_code or 200, body)
        if record.locked_until > now:
            raise Conflict(
                f'Request with key "{key}" is currently being processed. Please retry after 1 second',
                headers={"Retry-After": "1"},
            )
    return Claim(
        caller.environment_id, key, new_id("idem"), hub=hub, fingerprint=print_, pending=True, replaces=replaces
    )


async def begin(hub: Hub, caller: Caller, key: str, print_: str) -> Claim | Replay:
    """Claim ``key`` in a transaction of its own (a long job's guard), or return the stored response, or refuse."""
    _checked(key)
    now = utcnow()
    owner = new_id("idem")
    async with hub.db.write() as session:
        record = await store.get(session, caller.environment_id, key)
        if record is not None and record.expires_at < now:
            await session.delete(record)
            await session.flush()
            record = None
        if record is None:
            fresh = IdempotencyRecord(
                environment_id=caller.environment_id,
                key=key,
                fingerprint=print_,
                owner=owner,
                done=False,
                locked_until=now + LOCK_TTL,
                expires_at=now + KEY_TTL,
            )
            if await store.insert(session, fresh):
                return Claim(caller.environment_id, key, owner, hub=hub)
            record = await store.get(session, caller.environment_id, key)
            if record is None:  # the other claim was released in between: let the client retry
                raise Conflict(f'Request with key "{key}" is currently being processed', headers={"Retry-After": "1"})
        if record.fingerprint != print_:
            raise invalid("Idempotency-Key", f'Request with key "{key}" is being reused for a different body')
        if record.done:
            return Replay(record.status_code or 200, await _stored_body(hub, session, record))
        if record.locked_until > now:
            raise Conflict(
                f'Request with key "{key}" is currently being processed. Please retry after 1 second',
                headers={"Retry-After": "1"},
            )
        if await store.take_over(
            session, caller.environment_id, key, record.owner, owner, print_, now + LOCK_TTL, now + KEY_TTL
        ):
            return Claim(caller.environment_id, key, owner, hub=hub)
    raise Conflict(f'Request with key "{key}" is currently being processed', headers={"Retry-After": "1"})


async def release(hub: Hub, claim: Claim) -> None:
    """Give a key back after the work failed, so the client may retry with it (a pending claim holds nothing)."""
    if claim.pending:
        return
    async with hub.db.write() as session:
        await store.release(session, claim.environment_id, claim.key, claim.owner)


async def purge_expired(hub: Hub) -> int:
    async with hub.db.write() as session:
        return await store.purge_expired(session, utcnow())
