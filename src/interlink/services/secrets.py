"""Credential encryption: a data key per environment, wrapped by the master key; rotation."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.crypto import (
    CryptoError,
    MasterKey,
    key_id_of,
    load_or_create_master_key,
    new_data_key,
    open_sealed,
    seal,
)
from interlink.core.ids import new_id
from interlink.services.hub import Hub
from interlink.store import idempotency as idempotency_store
from interlink.store import integrations as integration_store
from interlink.store import tenants
from interlink.store.tables import DataKey

SEALED_RESPONSE = "sealed:"  # a stored idempotent response holding one-time secrets, encrypted


def response_owner(environment_id: str, key: str) -> str:
    """What a sealed idempotent response is bound to: its environment and key, so it opens nowhere else."""
    return f"idempotency/{environment_id}/{key}"


def _unwrap(hub: Hub, row: DataKey) -> bytes:
    """Open a data key; when another process rotated the master key, pick the new one up from the key file."""
    if row.master_key_id != hub.master_key.key_id and not hub.settings.master_key:
        reloaded, _ = load_or_create_master_key(hub.settings.key_file, None)
        if reloaded.key_id == row.master_key_id:
            hub.master_key = reloaded
    if row.master_key_id != hub.master_key.key_id:
        raise CryptoError("the data key is wrapped by another master key; was it rotated without updating this one?")
    return hub.master_key.unwrap(row.wrapped, row.environment_id)


_MATERIAL: dict[str, bytes] = {}  # data key id → its unwrapped key: a key never changes, rotation makes new ids
_MATERIAL_CAP = 4096


def _remember(key_id: str, material: bytes) -> None:
    if len(_MATERIAL) >= _MATERIAL_CAP:
        _MATERIAL.clear()
    _MATERIAL[key_id] = material


def use_data_key(session: AsyncSession, environment_id: str, key_id: str | None) -> None:
    """Let this transaction seal with ``key_id``, the active key it just read, without reading the key's row
    again when this process already unwrapped it (a rotated-away key is never read as active)."""
    material = _MATERIAL.get(key_id) if key_id is not None else None
    if key_id is not None and material is not None:
        session.info.setdefault("interlink.data_keys", {})[environment_id] = (key_id, material)


def known_key(key_id: str | None) -> tuple[str, bytes] | None:
    """The active key ``key_id`` (as a transaction just read it) when this process already unwrapped it."""
    material = _MATERIAL.get(key_id) if key_id is not None else None
    return (key_id, material) if key_id is not None and material is not None else None


def seal_with(key: tuple[str, bytes], owner_id: str, values: dict[str, Any]) -> str | None:
    """Seal a dict for one owner with a key in hand (see ``known_key``); None when there is nothing to keep."""
    if not values:
        return None
    key_id, material = key
    return seal(material, key_id, orjson.dumps(values), owner_id.encode())


async def _data_key(hub: Hub, session: AsyncSession, environment_id: str) -> tuple[str, bytes]:
    """The environment's active data key, read once per transaction (a create seals credentials and its answer)."""
    held: dict[str, tuple[str, bytes]] = session.info.setdefault("interlink.data_keys", {})
    if environment_id not in held:
        held[environment_id] = await _read_data_key(hub, session, environment_id)
    return held[environment_id]


async def _read_data_key(hub: Hub, session: AsyncSession, environment_id: str) -> tuple[str, bytes]:
    row = await tenants.active_data_key(session, environment_id)
    if row is None:
        material = new_data_key()
        row = DataKey(
            id=new_id("dk"),
            environment_id=environment_id,
            master_key_id=hub.master_key.key_id,
            wrapped=hub.master_key.wrap(material, environment_id),
        )
        session.add(row)
        await session.flush()
        _remember(row.id, material)
        return row.id, material
    material = _unwrap(hub, row)
    _remember(row.id, material)
    return row.id, material


async def encrypt(
    hub: Hub, session: AsyncSession, environment_id: str, owner_id: str, values: dict[str, Any]
) -> str | None:
    """Seal a credentials dict for one record; None when there is nothing to keep."""
    if not values:
        return None
    return seal_with(await _data_key(hub, session, environment_id), owner_id, values)


async def decrypt(hub: Hub, session: AsyncSession, owner_id: str, token: str | None) -> dict[str, Any]:
    """Open a record's credentials; only senders and re-encryption ever need this."""
    if not token:
        return {}
    rows = await tenants.data_keys(session, {key_id_of(token)})
    if not rows:
        raise LookupError("the data key of this ciphertext is gone")
    material = _unwrap(hub, rows[0])
    opened: dict[str, Any] = orjson.loads(open_sealed(material, token, owner_id.encode()))
    return opened


async def rotate(hub: Hub, new_master: MasterKey) -> int:
    """Re-encrypt every credential under fresh data keys wrapped by ``new_master``, in one transaction."""
    async with hub.db.write() as session:
        old_keys = {row.id: row for row in await tenants.data_keys(session)}
        opened: dict[str, bytes] = {row.id: _unwrap(hub, row) for row in old_keys.values()}
        fresh: dict[str, tuple[str, bytes]] = {}
        for env_id in {row.environment_id for row in old_keys.values()}:
            material = new_data_key()
            row = DataKey(
                id=new_id("dk"),
                environment_id=env_id,
                master_key_id=new_master.key_id,
                wrapped=new_master.wrap(material, env_id),
            )
            session.add(row)
            fresh[env_id] = (row.id, material)
        count = 0
        for record in await integration_store.with_credentials(session):
            token = record.credentials or ""
            plain = open_sealed(opened[key_id_of(token)], token, record.id.encode())
            key_id, material = fresh[record.environment_id]
            record.credentials = seal(material, key_id, plain, record.id.encode())
            count += 1
        for kept in await idempotency_store.sealed(session, SEALED_RESPONSE):
            owner = response_owner(kept.environment_id, kept.key).encode()
            token = (kept.body or "")[len(SEALED_RESPONSE) :]
            plain = open_sealed(opened[key_id_of(token)], token, owner)
            key_id, material = fresh[kept.environment_id]
            kept.body = SEALED_RESPONSE + seal(material, key_id, plain, owner)
        await session.flush()
        for row in old_keys.values():
            await session.delete(row)
    hub.master_key = new_master
    return count
