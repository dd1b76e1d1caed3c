"""Moves secret values an older version kept in clear properties (webhook ``headers``) into encrypted credentials."""

from __future__ import annotations

from interlink.sdk import PropertyType
from interlink.services import integration_rules as rules
from interlink.services import secrets as secret_box
from interlink.services.hub import Hub
from interlink.store import integrations as store


async def seal_secret_properties(hub: Hub) -> int:
    """Seal every clear value of a property that is now secret; returns how many integrations changed.

    Runs at start; types are those with a secret header map, the only property that became secret.
    """
    types = {
        manifest.id
        for manifest in hub.registry
        if any(p.secret and p.type is PropertyType.HEADERS for p in manifest.properties)
    }
    changed = 0
    async with hub.db.write() as session:
        for record in await store.of_types(session, types):
            manifest = hub.registry.get(record.type)
            clear = {k: v for k, v in record.properties.items() if manifest and k in manifest.secret_keys}
            if manifest is None or not clear:
                continue
            hidden = {**clear, **await secret_box.decrypt(hub, session, record.id, record.credentials)}
            record.properties = {k: v for k, v in record.properties.items() if k not in clear}
            record.credentials = await secret_box.encrypt(hub, session, record.environment_id, record.id, hidden)
            record.credential_keys = rules.credential_keys(manifest, hidden)
            changed += 1
    return changed
