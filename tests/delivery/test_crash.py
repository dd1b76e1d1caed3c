"""Two worker processes share the queue; one is killed with SIGKILL mid-run and nothing is lost.

Runs on whichever database the suite runs on (the design's target is PostgreSQL, which CI also runs), in a
database of its own, so the suite's in-process worker cannot take any of these messages.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select

from interlink.core.settings import Settings
from interlink.services import integrations, messages, tenants
from interlink.services.caller import Caller
from interlink.services.hub import Hub, open_hub
from interlink.store.tables import Message
from tests.conftest import PG_ENV, create_pg_database, drop_pg_database
from tests.receivers import Received, Receiver

TOTAL = 1000
INTERLINK = str(Path(sys.executable).with_name("interlink"))


def _worker(settings: Settings, stdout: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERLINK_")}
    env.update(
        {
            "INTERLINK_DATABASE_URL": settings.database_url,
            "INTERLINK_ALLOW_PRIVATE_NETWORKS": "true",
            "INTERLINK_LEASE_SECONDS": "3",
            "INTERLINK_POLL_SECONDS": "0.1",
            "INTERLINK_RETRY_SCHEDULE": "0.5,1,1,1,1",
        }
    )
    return subprocess.Popen(
        [INTERLINK, "worker", "--data-dir", str(settings.data_dir), "--concurrency", "32", "--log-level", "warning"],
        env=env,
        stdout=stdout,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
async def own(tmp_path: Path, settings: Settings) -> AsyncIterator[tuple[Hub, Settings, Caller]]:
    """A hub on a fresh database and data directory, with one organization, used only by this test."""
    base = os.environ.get(PG_ENV)
    url, name = (await create_pg_database(base)) if base else (f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}", "")
    mine = replace(settings, data_dir=tmp_path, database_url=url)
    hub = await open_hub(mine)
    try:
        org, envs = await tenants.create_organization(hub, "crash test")
        yield hub, mine, Caller(org.id, envs[0].id, "test", frozenset({"read", "write"}))
    finally:
        await hub.close()
        if base:
            await drop_pg_database(base, name)


async def _count(hub: Hub, environment_id: str, status: str) -> int:
    async with hub.db.read() as session:
        query = select(func.count()).where(Message.environment_id == environment_id, Message.status == status)
        return await session.scalar(query) or 0


async def test_sigkill_mid_run_loses_nothing(own: tuple[Hub, Settings, Caller]) -> None:
    hub, settings, caller = own

    async def slow_ok(_request: web.Request, _seen: Received) -> web.StreamResponse:
        await asyncio.sleep(0.01)
        return web.json_response({"ok": True})

    receiver = await Receiver(default=slow_ok).start()
    workers: list[subprocess.Popen[bytes]] = []
    try:
        await integrations.create(
            hub,
            caller,
            integrations.IntegrationDraft(
                type="webhook", name="crash target", properties={"url": receiver.url + "/hook"}
            ),
        )
        for start in range(0, TOTAL, 250):
            drafts = [messages.MessageDraft(channel="webhook", payload={"n": n}) for n in range(start, start + 250)]
            await messages.accept(hub, caller, drafts, batch=True)
        workers = [_worker(settings), _worker(settings)]
        await receiver.wait_for(TOTAL // 4, timeout=60)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        async with asyncio.timeout(120):
            while await _count(hub, caller.environment_id, "delivered") < TOTAL:
                await asyncio.sleep(0.2)
        ids = Counter(r.headers["webhook-id"] for r in receiver.received if r.path == "/hook")
        assert len(ids) == TOTAL, "every message reached the receiver"
        assert await _count(hub, caller.environment_id, "failed") == 0
        duplicates = sum(n - 1 for n in ids.values())
        print(f"\ncrash test: {TOTAL} messages, {len(receiver.received)} requests, {duplicates} duplicate deliveries")
        assert duplicates <= 100, "only what the killed worker had in flight or unrecorded is sent twice"
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        await receiver.stop()


async def test_sigterm_finishes_or_hands_back_in_flight_work(own: tuple[Hub, Settings, Caller]) -> None:
    hub, settings, caller = own

    async def slow_ok(_request: web.Request, _seen: Received) -> web.StreamResponse:
        await asyncio.sleep(0.5)
        return web.json_response({"ok": True})

    receiver = await Receiver(default=slow_ok).start()
    proc = None
    try:
        await integrations.create(
            hub,
            caller,
            integrations.IntegrationDraft(
                type="webhook", name="slow target", properties={"url": receiver.url + "/hook"}
            ),
        )
        drafts = [messages.MessageDraft(channel="webhook", payload={"n": n}) for n in range(50)]
        await messages.accept(hub, caller, drafts, batch=True)
        proc = _worker(settings, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        assert b"worker ready" in await asyncio.to_thread(proc.stdout.readline)
        await receiver.wait_for(5, timeout=30)
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 20) == 0
        sending = await _count(hub, caller.environment_id, "sending")
        delivered = await _count(hub, caller.environment_id, "delivered")
        queued = await _count(hub, caller.environment_id, "queued")
        assert sending == 0, "no message is left leased by a worker that stopped cleanly"
        assert delivered + queued == 50
        assert delivered >= 5
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        await receiver.stop()
