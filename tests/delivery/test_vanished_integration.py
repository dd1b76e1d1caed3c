"""A message accepted for an integration that is deleted before any worker takes it fails, saying why."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx

from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.services import keys, tenants
from interlink.services.hub import open_hub
from interlink.services.worker import Worker
from tests.conftest import PG_ENV, create_pg_database, drop_pg_database
from tests.receivers import Receiver, create_webhook, send, wait_status


async def test_a_message_whose_integration_is_deleted_before_delivery_fails_naming_no_integration(
    tmp_path: Path,
) -> None:
    base = os.environ.get(PG_ENV)  # a hub of its own: no worker may take the message before the delete
    url, name = (await create_pg_database(base)) if base else (f"sqlite+aiosqlite:///{tmp_path / 'alone.db'}", "")
    hub = await open_hub(
        Settings(data_dir=tmp_path, database_url=url, allow_private_networks=True, poll_seconds=0.05, lease_seconds=5)
    )
    stop = asyncio.Event()
    try:
        _org, (dev, _prod) = await tenants.create_organization(hub, "Vanishing org")
        headers = {"X-Api-Key": (await keys.create(hub, dev, ["read", "write"], "rw")).secret}
        transport = httpx.ASGITransport(app=create_app(hub))
        async with Receiver() as receiver, httpx.AsyncClient(transport=transport, base_url="http://t.test") as client:
            hook = await create_webhook(client, headers, receiver.url)
            sent = await send(client, headers)
            assert (await client.delete(f"/v2/integrations/{hook['id']}", headers=headers)).status_code == 200
            running = asyncio.create_task(Worker(hub, concurrency=4).run(stop, grace=1.0))
            try:
                failed = await wait_status(client, headers, sent["id"], "failed")
            finally:
                stop.set()
                await running
        assert failed["lastError"] == "no active integration of this channel matches the message"
        assert failed["attempts"] == [] and receiver.received == []
    finally:
        await hub.close()
        if base:
            await drop_pg_database(base, name)
