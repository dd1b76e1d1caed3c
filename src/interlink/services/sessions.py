"""Console sign-in: an API key becomes a sealed session token that names the key by id, never by its secret.

The token is AES-GCM sealed under a key derived from the master key, so it cannot be read or forged, and it
is checked against the key's record on every request: revoking the key ends every session made with it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson

from interlink.core.crypto import CryptoError, open_sealed, seal
from interlink.core.errors import Unauthorized
from interlink.core.timeutil import utcnow
from interlink.services import keys
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.store import tenants

LIFETIME = timedelta(hours=12)
_AAD = b"interlink-console-session"


@dataclass(frozen=True)
class ConsoleSession:
    """Who is signed in, the CSRF token their forms carry, and when the session ends."""

    caller: Caller
    csrf: str
    expires: datetime


def _key(hub: Hub) -> bytes:
    return hashlib.sha256(b"interlink console session v1\x00" + hub.master_key.material).digest()


def _token(hub: Hub, key_id: str, csrf: str, expires: datetime) -> str:
    body = orjson.dumps({"kid": key_id, "csrf": csrf, "exp": int(expires.timestamp())})
    return seal(_key(hub), "cs", body, _AAD)


async def sign_in(hub: Hub, secret: str, *, now: datetime | None = None) -> tuple[ConsoleSession, str]:
    """Check the key (401 if unknown or revoked) and return the session with its sealed token."""
    caller = await keys.authenticate(hub, secret.strip() if secret else None)
    expires = (now or utcnow()) + LIFETIME
    csrf = secrets.token_urlsafe(24)
    return ConsoleSession(caller, csrf, expires), _token(hub, caller.actor, csrf, expires)


async def resume(hub: Hub, token: str | None, *, now: datetime | None = None) -> ConsoleSession:
    """The session a token stands for, or 401 when it is damaged, expired, or its key was revoked."""
    if not token:
        raise Unauthorized("Sign in to use the console")
    try:
        body = orjson.loads(open_sealed(_key(hub), token, _AAD))
        key_id, csrf, expires_at = str(body["kid"]), str(body["csrf"]), int(body["exp"])
    except (CryptoError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise Unauthorized("The console session is not valid; sign in again") from exc
    expires = datetime.fromtimestamp(expires_at, tz=(now or utcnow()).tzinfo)
    if expires <= (now or utcnow()):
        raise Unauthorized("The console session has expired; sign in again")
    async with hub.db.read() as session:
        key = await tenants.api_key(session, key_id)
        env = await tenants.environment(session, key.environment_id) if key else None
    if key is None or env is None or key.revoked_at is not None:
        raise Unauthorized("The API key of this session is unknown or revoked; sign in again")
    caller = Caller(env.organization_id, env.id, key.id, frozenset(key.scopes), env.name)
    return ConsoleSession(caller, csrf, expires)
