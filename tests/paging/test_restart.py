"""``interlink serve`` killed mid-escalation: after the restart the next layer is paged once, and nobody twice."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from interlink.core.timeutil import utcnow
from interlink.store.database import Database
from interlink.store.paging_tables import EscalationStep
from tests.cli import child_env, serving
from tests.conftest import PG_ENV, create_pg_database, drop_pg_database
from tests.inbound.helpers import fixture_bytes
from tests.paging.helpers import pages_to
from tests.receivers import Receiver, wait_status


@pytest.fixture
async def environment(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    settings = {"INTERLINK_ALLOW_PRIVATE_NETWORKS": "true", "INTERLINK_POLL_SECONDS": "0.1"}
    base = os.environ.get(PG_ENV)
    if not base:
        yield child_env(**settings)
        return
    url, name = await create_pg_database(base)
    try:
        yield child_env(INTERLINK_DATABASE_URL=url, **settings)
    finally:
        await drop_pg_database(base, name)


async def made(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(path, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def set_up(http: httpx.AsyncClient, receiver: Receiver) -> tuple[str, str, str]:
    """Ada, then Bob, paged by webhook for an Alertmanager source; returns their ids and the inbound URL."""
    hook = await made(
        http, "/v2/integrations", {"name": "Pages", "type": "webhook", "properties": {"url": f"{receiver.url}/pages"}}
    )
    method = [{"type": "webhook", "integrationId": hook["id"]}]
    ada = await made(http, "/v2/users", {"name": "Ada", "email": "ada@example.com", "contactMethods": method})
    bob = await made(http, "/v2/users", {"name": "Bob", "email": "bob@example.com", "contactMethods": method})
    layers = [{"userIds": [ada["id"]], "delayMinutes": 5}, {"userIds": [bob["id"]], "delayMinutes": 5}]
    team = await made(http, "/v2/teams", {"name": "Ops", "memberIds": [ada["id"], bob["id"]], "layers": layers})
    source = await made(
        http,
        "/v2/integrations",
        {"name": "Prometheus", "type": "alertmanager", "properties": {"teamIds": [team["id"]]}},
    )
    return ada["id"], bob["id"], source["inboundUrl"]


async def five_minutes_pass(database_url: str) -> None:
    """While the server is down, the second layer's delay runs out (the clock cannot be injected across processes)."""
    db = Database(database_url)
    try:
        async with db.write() as session:
            await session.execute(
                update(EscalationStep).where(EscalationStep.status == "queued").values(run_at=utcnow())
            )
    finally:
        await db.dispose()


async def test_the_escalation_survives_a_sigkill(tmp_path: Path, environment: dict[str, str]) -> None:
    data_dir = tmp_path / "data"
    database_url = environment.get("INTERLINK_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}"
    async with Receiver() as receiver:
        with serving(data_dir, environment) as served:
            key = served.admin_key
            assert key
            async with httpx.AsyncClient(base_url=served.url, headers={"X-Api-Key": key}, timeout=30) as http:
                ada, bob, inbound_url = await set_up(http, receiver)
                fired = await http.post(inbound_url, content=fixture_bytes("alertmanager", "notification__firing"))
                assert fired.status_code == 202, fired.text
                await receiver.wait_for(1, timeout=30)
                [alert] = (await http.get("/v2/alerts")).json()["data"]
                [first] = (await http.get("/v2/messages")).json()["data"]
                await wait_status(http, {}, first["id"], "delivered", timeout=30)  # layer two is still to come
            served.process.send_signal(signal.SIGKILL)
            await asyncio.to_thread(served.process.wait, 30)
        assert served.process.returncode == -signal.SIGKILL
        await five_minutes_pass(database_url)

        with serving(data_dir, environment) as again:
            async with httpx.AsyncClient(base_url=again.url, headers={"X-Api-Key": key}, timeout=30) as http:
                await receiver.wait_for(2, timeout=30)
                timeline = (await http.get(f"/v2/alerts/{alert['id']}")).json()["timeline"]
                messages = (await http.get("/v2/messages")).json()["data"]
            again.stop()
    assert [e["kind"] for e in timeline].count("paged") == 2
    assert len(messages) == 2 and len(pages_to(receiver, ada)) == 1 and len(pages_to(receiver, bob)) == 1
