"""Engines and sessions: readers run freely; writers on SQLite queue for the one write lock."""

from __future__ import annotations

import asyncio
import contextvars
import json
import time
import weakref
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, QueuePool

T = TypeVar("T")


def _json_loads(text: str | bytes) -> Any:
    """JSON columns read by orjson; a value only Python's reader takes (NaN from an older row) still reads."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_engine(url: str, *, writer: bool) -> AsyncEngine:
    # One pooled connection for writers: in-process writers wait in the pool's queue instead of
    # spinning on SQLite's lock, and BEGIN IMMEDIATE takes the lock up front so no transaction
    # fails half-way on a lock upgrade when another process writes.
    engine = create_async_engine(
        url,
        poolclass=AsyncAdaptedQueuePool,
        pool_size=1 if writer else 8,
        max_overflow=0,
        pool_timeout=120,
        connect_args={"timeout": 30},
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine.sync_engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


def _sqlite_plain_engine(url: str, *, writer: bool) -> Engine | None:
    """A plain engine over the same file, for whole reads or whole writes; None for an in-memory database."""
    parsed = make_url(url)
    if not parsed.database or parsed.database == ":memory:" or "mode=memory" in url:
        return None
    engine = create_engine(
        parsed.set(drivername="sqlite"),
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        # the writer's one connection lives on the writer thread, but is closed from the event loop's
        connect_args={"timeout": 30, "check_same_thread": not writer},
        json_deserializer=_json_loads,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.connection.driver_connection.execute(begin)  # straight to the driver: no statement events

    return engine


IDLE_PING_SECONDS = 1.0  # a pooled connection idle longer than this is pinged before use


def _postgres_engine(url: str) -> AsyncEngine:
    """A pooled engine whose connections are pinged before use only after being idle for a while.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout, and asyncpg's ping is three round trips (BEGIN,
    an empty statement, ROLLBACK): half of a create's round trips. A connection given back less than a second
    ago has just proven it works; one idle longer (across a database restart, an idle timeout) is pinged and
    replaced if dead. A connection that dies within that second fails its one statement, and that error
    invalidates the whole pool, so the next checkout connects afresh.
    """
    engine = create_async_engine(url, pool_size=10, max_overflow=10)

    @event.listens_for(engine.sync_engine, "checkin")
    def _idle_since(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since <= IDLE_PING_SECONDS:
            return  # new, or used a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("the pooled connection is gone") from exc
        if not alive:
            raise DisconnectionError("the pooled connection is gone")  # the pool connects afresh and retries

    return engine


class Database:
    """Owns the engines of one database URL and hands out sessions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.write_engine = _sqlite_engine(url, writer=True)
            self.read_engine = _sqlite_engine(url, writer=False)
        else:
            self.write_engine = _postgres_engine(url)
            self.read_engine = self.write_engine
        self._sync_reads = _sqlite_plain_engine(url, writer=False) if self.is_sqlite else None
        self._sync_writes = _sqlite_plain_engine(url, writer=True) if self.is_sqlite else None
        self._write_thread: ThreadPoolExecutor | None = None
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
        self._writer = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = async_sessionmaker(self.read_engine, expire_on_commit=False)

    def writer_turn(self) -> asyncio.Lock:
        """The one writer's turn on SQLite, per event loop: sessions, whole writes and the queue's own
        transactions (``store.sqlite_queue``) take it, so this process never writes twice at once."""
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Lock()
        return gate

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction that commits when the block ends without an exception."""
        if not self.is_sqlite:
            async with self._writer() as session, session.begin():
                yield session
            return
        async with self.writer_turn(), self._writer() as session, session.begin():
            yield session

    async def run_write(self, work: Callable[[Connection], T]) -> T:
        """Run a whole write (Core statements, no ORM, nothing awaited) in one transaction that commits.

        On a SQLite file it runs in one call on the writer thread, over a plain connection, in its turn
        with the sessions of ``write``: one thread hand-off instead of several per statement, still one
        writer in this process and BEGIN IMMEDIATE against others. Elsewhere it runs on a pooled
        connection, each statement one round trip.
        """
        if self._sync_writes is None:
            if not self.is_sqlite:
                async with self.write_engine.begin() as conn:
                    return await conn.run_sync(work)
            async with self.writer_turn(), self.write_engine.begin() as conn:
                return await conn.run_sync(work)
        gate = self.writer_turn()
        await gate.acquire()
        try:
            if self._write_thread is None:
                self._write_thread = ThreadPoolExecutor(1, thread_name_prefix="interlink-writer")
            done = self._write_thread.submit(contextvars.copy_context().run, self._write_now, work)
        except BaseException:
            gate.release()
            raise
        try:
            return await asyncio.wrap_future(done)
        finally:
            if done.done():
                gate.release()
            else:  # cancelled while the transaction runs: the next writer waits until it has ended
                loop = asyncio.get_running_loop()
                done.add_done_callback(lambda _: loop.call_soon_threadsafe(gate.release))

    def _write_now(self, work: Callable[[Connection], T]) -> T:
        assert self._sync_writes is not None
        with self._sync_writes.connect() as local, local.begin():
            return work(local)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only session; nothing it does is committed."""
        async with self._reader() as session:
            yield session

    async def run_read(self, work: Callable[[Connection], T]) -> T:
        """Run a whole read (Core statements, no ORM) in one transaction, nothing committed.

        On SQLite it runs right here, on the event loop: a WAL reader never waits for a writer, and a point
        read or a page of a local file takes less time than handing it to a thread and taking the GIL back
        (measured: a third less CPU and half the p99 of a reader thread). On PostgreSQL each statement is
        one round trip on a pooled connection, without BEGIN and ROLLBACK: at READ COMMITTED every statement
        reads its own snapshot inside a transaction too, so one would only add two round trips.
        """
        if self._sync_reads is not None:
            with self._sync_reads.connect() as local, local.begin():
                return work(local)
        async with self.read_engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            return await conn.run_sync(work)

    async def dispose(self) -> None:
        if self._write_thread is not None:
            await asyncio.to_thread(self._write_thread.shutdown)
            self._write_thread = None
        if self._sync_writes is not None:
            self._sync_writes.dispose()
        if self._sync_reads is not None:
            self._sync_reads.dispose()
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
