"""Canary secrets: written once through every face, then searched for in every response, log line, table,
the SQLite file and its WAL, and a pg_dump when running on PostgreSQL."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from interlink.core.logs import JsonFormatter
from interlink.services.hub import Hub
from interlink.store.tables import Base
from tests.conftest import PG_ENV, Tenant
from tests.receivers import Receiver, send, wait_status


class Lines(logging.Handler):
    """Every log line as the JSON formatter writes it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    handler = Lines()
    loggers = [logging.getLogger(), logging.getLogger("interlink")]
    levels = [logger.level for logger in loggers]
    for logger, level in zip(loggers, (logging.INFO, logging.DEBUG), strict=True):  # Interlink's own at DEBUG
        logger.addHandler(handler)
        logger.setLevel(level)
    try:
        yield handler.lines
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


async def _tables(hub: Hub) -> str:
    dumped = []
    async with hub.db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(text(f'SELECT * FROM "{table.name}"'))).all()
            dumped.append(repr(rows))
    return "\n".join(dumped)


def _files_and_dump(hub: Hub) -> bytes:
    url = hub.settings.database_url
    if url.startswith("sqlite"):
        db = Path(make_url(url).database or "")
        return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists())
    if os.environ.get(PG_ENV) and shutil.which("pg_dump"):
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        return subprocess.run(["pg_dump", plain], capture_output=True, check=True, timeout=120).stdout
    return b""


async def test_canaries_appear_nowhere_but_on_the_wire(
    client: httpx.AsyncClient, hub: Hub, tenant: Tenant, worker, log_lines: list[str]
) -> None:
    canary, key = "CANARY" + secrets.token_hex(8), "create-" + secrets.token_hex(8)
    seen: list[str] = []

    async def call(method: str, path: str, **kwargs: object) -> httpx.Response:
        answer = await client.request(method, path, headers=tenant.headers | kwargs.pop("extra", {}), **kwargs)  # type: ignore[arg-type]
        seen.append(answer.text + repr(dict(answer.headers)))
        return answer

    async with Receiver() as receiver:
        body = {
            "name": "canary hook",
            "type": "webhook",
            "properties": {"url": receiver.url, "headers": {"Authorization": f"Bearer {canary}-h", "X-Team": "ops"}},
            "credentials": {"username": "u", "password": f"{canary}-p"},
        }
        for _ in range(2):  # the second is an idempotent replay
            created = await call("POST", "/v2/integrations", json=body, extra={"Idempotency-Key": key})
            assert created.status_code == 201, created.text
        hook = created.json()
        assert hook["credentials"]["headers"] == {"Authorization": "set", "X-Team": "set"}
        put = {"properties": {"headers": {"Authorization": f"Bearer {canary}-h2"}}}
        assert (await call("PUT", f"/v2/integrations/{hook['id']}", json=put)).status_code == 200
        sendgrid = {"name": "sg", "type": "sendgrid", "properties": {"from": "a@example.com"}}
        sendgrid["credentials"] = {"apiKey": f"SG.{canary}-s"}
        assert (await call("POST", "/v2/integrations", json=sendgrid)).status_code == 201
        novu = {
            "providerId": "sendgrid",
            "channel": "email",
            "credentials": {"apiKey": f"SG.{canary}-n", "from": "a@example.com"},
        }
        assert (await call("POST", "/v1/integrations", json=novu)).status_code == 201
        message = await send(client, tenant.headers, integrationId=hook["id"])
        await wait_status(client, tenant.headers, message["id"], "delivered")
        assert receiver.received[-1].headers["Authorization"] == f"Bearer {canary}-h2"  # the one place it belongs
    for path in (
        "/v2/integrations",
        f"/v2/integrations/{hook['id']}",
        "/v2/audit-events",
        f"/v2/messages/{message['id']}",
        "/v1/integrations",
        "/en/api/integration",
    ):
        assert (await call("GET", path)).status_code == 200

    stored = _files_and_dump(hub)
    assert stored or (os.environ.get(PG_ENV) and not shutil.which("pg_dump")), "nothing was read back to search"
    leaks = {
        "responses": sum(canary in t for t in seen),
        "log lines": sum(canary in line for line in log_lines),
        "tables": (await _tables(hub)).count(canary),
        "files/dump": stored.count(canary.encode()),
    }
    assert log_lines, "the log capture saw nothing"
    assert leaks == {"responses": 0, "log lines": 0, "tables": 0, "files/dump": 0}
