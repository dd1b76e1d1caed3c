"""``Idempotency-Key`` handling: claim a key, finish it in the same transaction as the work, replay.

A claim is committed on its own first, so a second request with the key sees it in progress (409).
The work then stores its response on the claim in its own transaction; if the claim was lost to a
takeover meanwhile, that transaction rolls back, so the work happens once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
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


@dataclass
class Claim:
    """This request owns the key until it finishes or its lock runs out."""

    environment_id: str
    key: str
    owner: str
    body: bytes = b""
    hub: Hub | None = None

    def finisher(
        self,
        status_code: int,
        render: Callable[[Any], Any],
        reveal: Callable[[Any], dict[str, Any]] | None = None,
    ) -> Callable[[AsyncSession, Any], Any]:
        """A callback for a service: stores the rendered result in the service's own transaction.

        ``reveal`` adds one-time secrets to the response; the stored response is then encrypted, so a
        replay answers exactly the same until the key expires, and no secret is ever stored in clear.
        """

        async def finish(session: AsyncSession, result: Any) -> None:
            response = render(result)
            shown = reveal(result) if reveal else {}
            self.body = jsonsafe.dumps({**response, **shown} if shown else response)
            stored = self.body.decode()
            if shown and self.hub is not None:
                sealed = await secrets.encrypt(
                    self.hub, session, self.environment_id, _owner(self.environment_id, self.key), {"body": stored}
                )
                stored = SEALED + (sealed or "")
            if not await store.finish(session, self.environment_id, self.key, self.owner, status_code, stored):
                raise Conflict(
                    "This Idempotency-Key was taken over by another request; retry", headers={"Retry-After": "1"}
                )

        return finish


SEALED = secrets.SEALED_RESPONSE
_owner = secrets.response_owner


async def _stored_body(hub: Hub, session: AsyncSession, record: IdempotencyRecord) -> bytes:
    body = record.body or ""
    if body.startswith(SEALED):
        opened = await secrets.decrypt(hub, session, _owner(record.environment_id, record.key), body[len(SEALED) :])
        body = str(opened["body"])
    return body.encode()


async def begin(hub: Hub, caller: Caller, key: str, print_: str) -> Claim | Replay:
    """Claim ``key`` for this request, or return the stored response, or refuse (409 busy, 422 reused)."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise invalid("Idempotency-Key", f"must be 1 to {MAX_KEY_LENGTH} characters")
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
    """Give a key back after the work failed, so the client may retry with it."""
    async with hub.db.write() as session:
        await store.release(session, claim.environment_id, claim.key, claim.owner)


async def purge_expired(hub: Hub) -> int:
    async with hub.db.write() as session:
        return await store.purge_expired(session, utcnow())
