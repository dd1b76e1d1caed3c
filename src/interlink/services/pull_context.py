"""What a pull needs from the database: the integration, its decrypted configuration and its mapped targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interlink.sdk import Target
from interlink.services import secrets
from interlink.services.hub import Hub
from interlink.store import pull_jobs
from interlink.store.tables import Integration


@dataclass(frozen=True)
class PullSetup:
    """A live integration ready to pull: never shown to anyone, since ``config`` holds its secrets."""

    integration: Integration
    config: dict[str, Any]
    targets: tuple[Target, ...]


async def load(hub: Hub, integration_id: str) -> PullSetup | None:
    """The integration with secrets and targets, or None when it was deleted or deactivated."""
    async with hub.db.read() as session:
        record = await session.get(Integration, integration_id)
        if record is None or record.deleted or not record.active:
            return None
        config = {**record.properties, **await secrets.decrypt(hub, session, record.id, record.credentials)}
        rows = await pull_jobs.targets(session, record.id)
        targets = tuple(Target(external_id, lat, lon) for external_id, lat, lon in rows)
    return PullSetup(record, config, targets)
