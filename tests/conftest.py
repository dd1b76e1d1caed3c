"""Test harness: one hub per run on SQLite, or on a fresh PostgreSQL database dropped afterwards.

Each test gets its own organization (two environments, keys of every scope), so tests never see
each other's rows and need no cleanup.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.services import keys, tenants
from interlink.services.hub import Hub, open_hub
from interlink.services.worker import Worker

PG_ENV = "INTERLINK_TEST_DATABASE_URL"


async def create_pg_database(base_url: str) -> tuple[str, str]:
    import asyncpg

    url = make_url(base_url)
    name = f"interlink_test_{secrets.token_hex(6)}"
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
    )
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url.set(database=name).render_as_string(hide_password=False), name


async def drop_pg_database(base_url: str, name: str) -> None:
    import asyncpg

    url = make_url(base_url)
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
    )
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("interlink-data")


@pytest.fixture(scope="session")
async def database_url(data_dir: Path) -> AsyncIterator[str]:
    """SQLite in the run's temp dir, or a new PostgreSQL database when INTERLINK_TEST_DATABASE_URL is set."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}"
        return
    url, name = await create_pg_database(base)
    try:
        yield url
    finally:
        await drop_pg_database(base, name)


@pytest.fixture(scope="session")
def settings(data_dir: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        allow_private_networks=True,
        retry_schedule="0.2,0.4,0.8",
        poll_seconds=0.05,
        lease_seconds=5,
        breaker_threshold=3,
        breaker_cooldown=1.0,
        send_timeout=2.0,
    )


@pytest.fixture(scope="session")
async def hub(settings: Settings) -> AsyncIterator[Hub]:
    opened = await open_hub(settings)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(scope="session")
async def worker(hub: Hub) -> AsyncIterator[Worker]:
    """A delivery worker running in the test loop for the rest of the session (fast retry schedule)."""
    running = Worker(hub, concurrency=64)
    stop = asyncio.Event()
    task = asyncio.create_task(running.run(stop, grace=2.0))
    try:
        yield running
    finally:
        stop.set()
        await task


@pytest.fixture(scope="session")
async def client(hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client speaking to the app in-process (ASGI), with real routing and middleware."""
    transport = httpx.ASGITransport(app=create_app(hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://interlink.test") as http:
        yield http


@dataclass
class Tenant:
    """A fresh organization: ``env`` (development) with keys of each scope, and ``other`` (production)."""

    organization_id: str
    env_id: str
    other_env_id: str
    rw: str
    read_only: str
    write_only: str
    other_rw: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Api-Key": self.rw}

    def key(self, secret: str) -> dict[str, str]:
        return {"X-Api-Key": secret}


@pytest.fixture
async def tenant(hub: Hub) -> Tenant:
    org, envs = await tenants.create_organization(hub, f"Test org {secrets.token_hex(3)}")
    dev, prod = envs
    rw = await keys.create(hub, dev, ["read", "write"], "rw")
    ro = await keys.create(hub, dev, ["read"], "ro")
    wo = await keys.create(hub, dev, ["write"], "wo")
    other = await keys.create(hub, prod, ["read", "write"], "other")
    return Tenant(org.id, dev.id, prod.id, rw.secret, ro.secret, wo.secret, other.secret)


@pytest.fixture
def webhook_body() -> Iterator[dict[str, object]]:
    yield {
        "name": "Ops hook",
        "type": "webhook",
        "properties": {"url": "https://hooks.example.com/in", "authType": "BASIC"},
        "credentials": {
            "username": "ops",
            "password": "s3cr3t-pass",
            "signingSecret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        },
        "metadata": {"team": "ops"},
    }
