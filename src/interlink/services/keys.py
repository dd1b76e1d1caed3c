"""API keys: random, shown once, stored as a hash, bound to one environment with scopes."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from interlink.core.errors import NotFound, Unauthorized, Unprocessable, invalid
from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.services import audit
from interlink.services.caller import SCOPES, Caller, operator
from interlink.services.hub import Hub
from interlink.services.key_cache import CachedKey
from interlink.store import tenants
from interlink.store.tables import ApiKey, Environment

KEY_PREFIX = "il_"
_TOUCH_EVERY = timedelta(minutes=1)


def hash_key(key: str) -> str:
    """Keys carry 256 bits of randomness, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    """A newly created key: ``secret`` is shown to the operator once and never stored."""

    record: ApiKey
    environment: Environment
    secret: str


def parse_scopes(scopes: Iterable[str]) -> list[str]:
    wanted = sorted({s.strip() for s in scopes if s.strip()})
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        raise invalid("scopes", f"must be a non-empty subset of {', '.join(SCOPES)}")
    return wanted


async def create(hub: Hub, environment: Environment, scopes: Iterable[str], name: str = "") -> IssuedKey:
    """Issue a key for an environment and record it in the audit trail."""
    wanted = parse_scopes(scopes)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        id=new_id("key"),
        environment_id=environment.id,
        name=name or "API key",
        prefix=secret[:10],
        key_hash=hash_key(secret),
        scopes=wanted,
    )
    async with hub.db.write() as session:
        session.add(record)
        audit.record(
            session,
            operator(environment.organization_id, environment.id),
            "api_key.created",
            "api_key",
            record.id,
            {"name": record.name, "scopes": wanted},
        )
    return IssuedKey(record, environment, secret)


async def revoke(hub: Hub, key_id: str) -> ApiKey:
    async with hub.db.write() as session:
        record = await tenants.api_key(session, key_id)
        if record is None:
            raise NotFound(f"No API key {key_id}")
        if record.revoked_at is None:
            record.revoked_at = utcnow()
            env = await tenants.environment(session, record.environment_id)
            assert env is not None
            audit.record(session, operator(env.organization_id, env.id), "api_key.revoked", "api_key", record.id)
    hub.key_cache.forget_all()
    return record


async def list_keys(hub: Hub, environment_ids: list[str]) -> list[ApiKey]:
    async with hub.db.read() as session:
        return await tenants.keys(session, environment_ids)


async def authenticate(hub: Hub, secret: str | None) -> Caller:
    """Turn a presented key into a caller, or raise 401. Records when the key was last used."""
    if not secret:
        raise Unauthorized()
    digest = hash_key(secret)
    entry = hub.key_cache.get(digest) or await hub.key_cache.load(digest, lambda: _look_up(hub, digest))
    now = utcnow()
    if entry.last_used is None or now - entry.last_used > _TOUCH_EVERY:
        previous, entry.last_used = entry.last_used, now  # claimed first: concurrent requests do not write it too
        try:
            async with hub.db.write() as session:
                await tenants.touch_key(session, entry.caller.actor, now)
        except BaseException:
            entry.last_used = previous
            raise
    return entry.caller


async def _look_up(hub: Hub, digest: str) -> CachedKey:
    """The cache entry of a valid key, read from the database; 401 for an unknown or revoked one (never cached)."""
    async with hub.db.read() as session:
        found = await tenants.key_by_hash(session, digest)
    if found is None or found[0].revoked_at is not None:
        raise Unauthorized("The API key is unknown or revoked")
    key, env = found
    caller = Caller(env.organization_id, env.id, key.id, frozenset(key.scopes), env.name)
    return hub.key_cache.put(digest, caller, key.last_used_at)


async def still_valid(hub: Hub, caller: Caller) -> bool:
    """Whether the key a long-lived request authenticated with is still unrevoked (streams ask every few seconds)."""
    async with hub.db.read() as session:
        record = await tenants.api_key(session, caller.actor)
    return record is not None and record.revoked_at is None


def require_environment(env: Environment | None, name: str) -> Environment:
    if env is None:
        raise Unprocessable(f"No environment named {name!r}")
    return env
