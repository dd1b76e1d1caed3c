"""Credential encryption: a data key per environment, wrapped by the master key; rotation."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.crypto import MasterKey, key_id_of, new_data_key, open_sealed, seal
from interlink.core.ids import new_id
from interlink.services.hub import Hub
from interlink.store import integrations as integration_store
from interlink.store import tenants
from interlink.store.tables import DataKey


async def _data_key(session: AsyncSession, master: MasterKey, environment_id: str) -> tuple[str, bytes]:
    row = await tenants.active_data_key(session, environment_id)
    if row is None:
        material = new_data_key()
        row = DataKey(
            id=new_id("dk"),
            environment_id=environment_id,
            master_key_id=master.key_id,
            wrapped=master.wrap(material, environment_id),
        )
        session.add(row)
        await session.flush()
        return row.id, material
    return row.id, master.unwrap(row.wrapped, environment_id)


async def encrypt(
    hub: Hub, session: AsyncSession, environment_id: str, owner_id: str, values: dict[str, Any]
) -> str | None:
    """Seal a credentials dict for one record; None when there is nothing to keep."""
    if not values:
        return None
    key_id, material = await _data_key(session, hub.master_key, environment_id)
    return seal(material, key_id, orjson.dumps(values), owner_id.encode())


async def decrypt(hub: Hub, session: AsyncSession, owner_id: str, token: str | None) -> dict[str, Any]:
    """Open a record's credentials; only senders and re-encryption ever need this."""
    if not token:
        return {}
    rows = await tenants.data_keys(session, {key_id_of(token)})
    if not rows:
        raise LookupError("the data key of this ciphertext is gone")
    material = hub.master_key.unwrap(rows[0].wrapped, rows[0].environment_id)
    return orjson.loads(open_sealed(material, token, owner_id.encode()))


async def rotate(hub: Hub, new_master: MasterKey) -> int:
    """Re-encrypt every credential under fresh data keys wrapped by ``new_master``, in one transaction."""
    async with hub.db.write() as session:
        old_keys = {row.id: row for row in await tenants.data_keys(session)}
        opened: dict[str, bytes] = {
            row.id: hub.master_key.unwrap(row.wrapped, row.environment_id) for row in old_keys.values()
        }
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
        await session.flush()
        for row in old_keys.values():
            await session.delete(row)
    hub.master_key = new_master
    return count
