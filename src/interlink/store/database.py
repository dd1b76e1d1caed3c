"""Engines and sessions: readers run freely; writers on SQLite queue for the one write lock."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, QueuePool

from interlink.core import jsonsafe

T = TypeVar("T")


def sqlite_json(text: str | bytes) -> Any:
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
        connect_args={"timeout": 0 if writer else 30},  # a writer never blocks the loop: take_write_lock waits
        json_deserializer=sqlite_json,
    )
    event.listen(engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        if writer:
            dbapi_connection.execute("PRAGMA busy_timeout=0")

    if not writer:  # a writer's BEGIN IMMEDIATE is issued by take_write_lock before SQLAlchemy begins

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.connection.driver_connection.execute("BEGIN")  # straight to the driver: no statement events

    return engine


LOCK_WAIT = 30.0  # seconds a write waits for another process's lock, as the engine's writers do
LOCK_RETRY = 0.002  # seconds between tries: the gaps between another process's transactions are short


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Another connection holds the write lock (the only error worth trying again)."""
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY


async def take_write_lock(driver: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE on a plain connection without blocking the event loop.

    While another process holds the lock, try again every few milliseconds: SQLite's own busy wait would
    block the loop, and in a thread it backs off to 100 ms sleeps that miss the short gaps between another
    process's transactions (a worker starved so while an API process accepted batches).
    """
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            driver.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(LOCK_RETRY)


IDLE_PING_SECONDS = 1.0  # a pooled connection idle longer than this is pinged before use


def _postgres_engine(url: str) -> AsyncEngine:
    """A pooled engine whose connections are pinged before use only after being idle for a while.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout, and asyncpg's ping is three round trips (BEGIN,
    an empty statement, ROLLBACK): half of a create's round trips. A connection given back less than a second
    ago has just proven it works; one idle longer (across a database restart, an idle timeout) is pinged and
    replaced if dead. A connection that dies within that second fails its one statement, and that error
    invalidates the whole pool, so the next checkout connects afresh.

    Up to 32 connections stay open once a load has needed them (they open as needed, not up front): an
    overflow connection is closed when given back to a full pool, and a busy event loop keeps a connection
    checked out across several of its turns, so 32 clients held nearly 32. With ten kept, a fifth of a
    point read's CPU went to opening and closing connections (asyncpg's connect, its TLS probe, close):
    point reads at 32 concurrent went 920-980 -> 1,115-1,290 reads/s with twenty kept and 2,030-2,150 with
    32. Eight more may open under a burst; two processes stay under PostgreSQL's default of 100 connections.
    """
    engine = create_async_engine(url, pool_size=32, max_overflow=8, json_deserializer=jsonsafe.loads_stored)

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
        self._reading: Connection | None = None  # the one connection of ``_sync_reads``, held open between reads
        self._sync_writes = _sqlite_plain_engine(url, writer=True) if self.is_sqlite else None
        self._writing: Connection | None = None  # the one connection of ``_sync_writes``, open between writes
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

        On a SQLite file it runs right here, on the event loop, over a plain connection, in its turn with
        the sessions of ``write``: no thread hand-off per statement, and none for the whole either (a writer
        thread waits for the GIL at every SQLite step while the loop is busy, and every other writer waits
        behind it). Still one writer in this process, and BEGIN IMMEDIATE against others. Elsewhere it runs
        on a pooled connection, each statement one round trip.
        """
        if self._sync_writes is None:
            if not self.is_sqlite:
                async with self.write_engine.begin() as conn:
                    return await conn.run_sync(work)
            async with self.writer_turn(), self.write_engine.begin() as conn:
                return await conn.run_sync(work)
        async with self.writer_turn():
            local = self._writing
            if local is None:
                local = self._writing = self._sync_writes.connect()
            driver: Any = local.connection.driver_connection
            await take_write_lock(driver)
            with local.begin():  # the lock is held: from here to the commit nothing awaits
                return work(local)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only session; nothing it does is committed."""
        async with self._reader() as session:
            yield session

    async def run_read(self, work: Callable[[Connection], T]) -> T:
        """Run a whole read (Core statements, no ORM, nothing written): one transaction on SQLite, none on PostgreSQL.

        On SQLite it runs right here, on the event loop: a WAL reader never waits for a writer, and a point
        read or a page of a local file takes less time than handing it to a thread and taking the GIL back
        (measured: a third less CPU and half the p99 of a reader thread). On PostgreSQL each statement is
        one round trip on a pooled connection, outside a transaction: at PostgreSQL's READ COMMITTED each
        statement sees its own snapshot either way, so BEGIN and ROLLBACK would only add two round trips.

        The SQLite connection stays open between reads: a read never awaits, so no two ever share it, and taking
        it from the pool and giving it back cost about as much as a point read's own statement.
        """
        if self._sync_reads is not None:
            local = self._reading
            if local is None:
                local = self._reading = self._sync_reads.connect()
            with local.begin():
                return work(local)
        return await self._autocommit(self.read_engine, work)

    async def run_alone(self, work: Callable[[Connection], T]) -> T:
        """Run work whose every statement commits by itself: on PostgreSQL no BEGIN and no COMMIT, so a write
        that is one statement is one round trip, and a lock it takes lasts that statement only. The work must
        not need two statements to stand or fall together. On SQLite: a whole write (``run_write``).
        """
        if self.is_sqlite:
            return await self.run_write(work)
        return await self._autocommit(self.write_engine, work)

    @staticmethod
    async def _autocommit(engine: AsyncEngine, work: Callable[[Connection], T]) -> T:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            return await conn.run_sync(work)

    async def dispose(self) -> None:
        if self._writing is not None:
            self._writing.close()
            self._writing = None
        if self._sync_writes is not None:
            self._sync_writes.dispose()
        if self._sync_reads is not None:
            if self._reading is not None:
                self._reading.close()
                self._reading = None
            self._sync_reads.dispose()
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
