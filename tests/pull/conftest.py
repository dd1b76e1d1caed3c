"""Pull tests run on a hub of their own: no session worker claims their schedules, so each run is the test's.

Clocks are injected: ``clock.now`` is what every claim and run sees, moved by the test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.core.timeutil import utcnow
from interlink.queue.transport import HttpTransport
from interlink.services import keys, tenants
from interlink.services.hub import Hub, open_hub
from interlink.store.pull_tables import PullJob
from interlink.store.tables import Action
from tests.conftest import PG_ENV, Tenant, create_pg_database, drop_pg_database


@dataclass
class Clock:
    """A clock the test moves; starts at a full hour 5 to 65 minutes ahead, so schedules created now are due.

    The margin keeps a test that starts just before the hour from creating its schedules after the clock's
    start, when they would not be due yet.
    """

    current: datetime = field(
        default_factory=lambda: (
            (utcnow() + timedelta(minutes=5)).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        )
    )

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture(scope="session")
async def pull_hub(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Hub]:
    data_dir: Path = tmp_path_factory.mktemp("interlink-pull")
    base = os.environ.get(PG_ENV)
    url, name = (await create_pg_database(base)) if base else (f"sqlite+aiosqlite:///{data_dir / 'pull.db'}", "")
    settings = Settings(
        data_dir=data_dir, database_url=url, allow_private_networks=True, poll_seconds=0.05, lease_seconds=5
    )
    hub = await open_hub(settings)
    try:
        yield hub
    finally:
        await hub.close()
        if base:
            await drop_pg_database(base, name)


@pytest.fixture(scope="session")
async def pull_client(pull_hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(pull_hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://interlink.test") as http:
        yield http


@pytest.fixture
async def pull_tenant(pull_hub: Hub) -> Tenant:
    org, (dev, prod) = await tenants.create_organization(pull_hub, f"Pull org {secrets.token_hex(3)}")
    await tenants.enable_type(pull_hub, org.id, "utility_data")
    rw = await keys.create(pull_hub, dev, ["read", "write"], "rw")
    ro = await keys.create(pull_hub, dev, ["read"], "ro")
    wo = await keys.create(pull_hub, dev, ["write"], "wo")
    other = await keys.create(pull_hub, prod, ["read", "write"], "other")
    return Tenant(org.id, dev.id, prod.id, rw.secret, ro.secret, wo.secret, other.secret)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def pull_transport() -> AsyncIterator[HttpTransport]:
    opened = HttpTransport(allow_private=True, timeout=2.0)
    yield opened
    await opened.close()


@pytest.fixture(autouse=True)
async def _quiet_afterwards(pull_hub: Hub) -> AsyncIterator[None]:
    """After each test, its schedules and actions stop, so the next test's claims see only its own."""
    yield
    async with pull_hub.db.write() as session:
        await session.execute(update(PullJob).values(status="paused", lease_owner=None))
        await session.execute(
            update(Action).where(Action.status.in_(("queued", "running"))).values(status="cancelled", lease_owner=None)
        )
