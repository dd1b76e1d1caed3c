"""Console sign-in: an API key becomes a server-side session; the browser holds only a random token.

The database keeps the token's SHA-256, never the token or the key. Every request looks the session up with
its key, so signing out, the session's expiry and revoking the key each end it at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from interlink.core.errors import Unauthorized
from interlink.core.timeutil import utcnow
from interlink.services import keys
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.store import console_sessions as store
from interlink.store.console_tables import ConsoleSession as SessionRow

LIFETIME = timedelta(hours=12)
MAX_TOKEN = 128


@dataclass(frozen=True)
class ConsoleSession:
    """Who is signed in, the CSRF token their forms carry, and when the session ends."""

    caller: Caller
    csrf: str
    expires: datetime


def _id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _csrf(token: str) -> str:
    """Derived from the session token one way: a page's CSRF token never reveals the session's."""
    return hashlib.sha256(b"interlink console csrf\x00" + token.encode()).hexdigest()


async def sign_in(hub: Hub, secret: str, *, now: datetime | None = None) -> tuple[ConsoleSession, str]:
    """Check the key (401 if unknown or revoked), store a session, and return it with its token."""
    caller = await keys.authenticate(hub, secret.strip() if secret else None)
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    expires = now + LIFETIME
    async with hub.db.write() as session:
        await store.add(session, SessionRow(id=_id(token), api_key_id=caller.actor, expires_at=expires), now)
    return ConsoleSession(caller, _csrf(token), expires), token


async def resume(hub: Hub, token: str | None, *, now: datetime | None = None) -> ConsoleSession:
    """The session a token stands for, or 401 when it is unknown, signed out, expired, or its key was revoked."""
    if not token:
        raise Unauthorized("Sign in to use the console")
    if len(token) > MAX_TOKEN:
        raise Unauthorized("The console session is not valid; sign in again")
    async with hub.db.read() as session:
        found = await store.find(session, _id(token))
    if found is None:
        raise Unauthorized("The console session is not valid; sign in again")
    row, key, env = found
    if row.expires_at <= (now or utcnow()):
        raise Unauthorized("The console session has expired; sign in again")
    if key.revoked_at is not None:
        raise Unauthorized("The API key of this session was revoked; sign in again")
    caller = Caller(env.organization_id, env.id, key.id, frozenset(key.scopes), env.name)
    return ConsoleSession(caller, _csrf(token), row.expires_at)


async def sign_out(hub: Hub, token: str) -> None:
    """End the session: its token opens nothing any more, wherever it was copied to."""
    async with hub.db.write() as session:
        await store.remove(session, _id(token))
