"""The intake's ceiling: a bare Starlette endpoint that commits the same raw row with group commit, then 202.

SQLite in WAL mode with Interlink's pragmas; one writer task commits every row that arrived meanwhile in
one transaction. The database file is ``INGRESS_CEILING_DB`` (a temporary path the benchmark gives).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time
from collections.abc import AsyncIterator

import aiosqlite
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS raw (id TEXT PRIMARY KEY, method TEXT, query TEXT, headers TEXT, body BLOB, "
    "remote TEXT, received REAL, trace TEXT)"
)
_pending: list[tuple[tuple[object, ...], asyncio.Future[None]]] = []
_wake = asyncio.Event()
_db: aiosqlite.Connection | None = None


async def _writer() -> None:
    global _db
    _db = await aiosqlite.connect(os.environ["INGRESS_CEILING_DB"], isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
        await _db.execute(f"PRAGMA {pragma}")
    await _db.execute(SCHEMA)
    while True:
        await _wake.wait()
        _wake.clear()
        while _pending:
            batch = _pending[:1000]
            del _pending[:1000]
            await _db.execute("BEGIN IMMEDIATE")
            await _db.executemany("INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [row for row, _ in batch])
            await _db.execute("COMMIT")
            for _, future in batch:
                future.set_result(None)


async def receive(request: Request) -> Response:
    body = await request.body()
    row = (
        secrets.token_hex(13),
        request.method,
        request.url.query,
        orjson.dumps([[k, v] for k, v in request.headers.items()]).decode(),
        body,
        request.client.host if request.client else None,
        time.time(),
        secrets.token_hex(16),
    )
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    _pending.append((row, future))
    _wake.set()
    await future
    return Response(orjson.dumps({"id": row[0], "status": "accepted"}), status_code=202, media_type="application/json")


async def ready(_request: Request) -> Response:
    return Response(b"{}", media_type="application/json")


@contextlib.asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    task = asyncio.get_running_loop().create_task(_writer())
    yield
    task.cancel()


app = Starlette(
    routes=[Route("/hooks/{hook_id}/{token}", receive, methods=["POST"]), Route("/ready", ready)],
    lifespan=lifespan,
)
