"""The running Interlink: settings, database, catalog and master key, opened once per process."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from interlink.catalog import Registry, default_registry
from interlink.core.crypto import MasterKey, load_or_create_master_key
from interlink.core.settings import Settings
from interlink.services.key_cache import KeyCache
from interlink.store import files
from interlink.store.database import Database
from interlink.store.migrate import upgrade


@dataclass
class Hub:
    """What every service call needs; created by ``open_hub`` and closed at shutdown."""

    settings: Settings
    db: Database
    registry: Registry
    master_key: MasterKey
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    inbox_changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    key_cache: KeyCache = field(default_factory=KeyCache)

    def notify_work(self) -> None:
        """Wake this process's workers: something was queued."""
        self.wakeup.set()

    def notify_inbox(self) -> None:
        """Wake this process's in-app streams: new feed entries were stored."""

        async def _notify() -> None:
            async with self.inbox_changed:
                self.inbox_changed.notify_all()

        asyncio.get_running_loop().create_task(_notify())

    async def close(self) -> None:
        await self.db.dispose()


async def open_hub(settings: Settings, registry: Registry | None = None) -> Hub:
    """Create the data directory and key file if needed, and migrate the database to the newest schema."""
    files.secure(settings.data_dir, settings.database_url)
    master_key, _ = load_or_create_master_key(settings.key_file, settings.master_key)
    db = Database(settings.database_url)
    await upgrade(db)
    return Hub(settings, db, registry or default_registry(), master_key)
