"""Engines and sessions: readers run freely; writers on SQLite queue for the one write lock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, QueuePool
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler

from interlink.core import jsonsafe

T = TypeVar("T")


def sqlite_json(text: str | bytes) -> Any:
    """JSON columns read by orjson; a value only Python's reader takes (NaN from an older row) still reads."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


_PLAIN: dict[
    Executable, SQLCompiler | None
] = {}  # a cached statement's SQLite form, or None if only SQLAlchemy runs it


def _plain(statement: Executable, conn: Connection) -> SQLCompiler | None:
    """The statement compiled once for pysqlite, if the driver takes its parameters as they are given."""
    if statement not in _PLAIN:
        compiled: SQLCompiler = statement.compile(dialect=conn.dialect)  # type: ignore[attr-defined]
        as_given = compiled.positional and not compiled._bind_processors
        plain = as_given and not any(b.expanding for b in compiled.binds.values())
        _PLAIN[statement] = compiled if plain else None
    return _PLAIN[statement]


def all_rows(conn: Connection, statement: Executable, params: dict[str, Any]) -> Sequence[Any]:
    """Every row of a module-level Core statement with no result processing, as tuples by position.

    On the event-loop SQLite engine the rows come straight from the driver: a page of rows spends more in
    SQLAlchemy's execution context and row objects than in SQLite itself. Elsewhere SQLAlchemy runs it.
    """
    compiled = _plain(statement, conn) if conn.dialect.driver == "pysqlite" else None
    if compiled is None:
        return conn.execute(statement, params).all()
    values = compiled.construct_params(params)
    driver: Any = conn.connection.driver_connection
    rows: list[Any] = driver.execute(compiled.string, [values[name] for name in compiled.positiontup or ()]).fetchall()
    return rows


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


def _sqlite_read_engine(url: str) -> Engine | None:
    """A plain engine over the same file for whole reads on the event loop; None for an in-memory database."""
    parsed = make_url(url)
    if not parsed.database or parsed.database == ":memory:" or "mode=memory" in url:
        return None
    engine = create_engine(
        parsed.set(drivername="sqlite"),
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        connect_args={"timeout": 30},
        json_deserializer=sqlite_json,
    )
    event.listen(engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.connection.driver_connection.execute("BEGIN")  # straight to the driver: a read pays no statement events

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
            self.write_engine = create_async_engine(
                url, pool_size=10, max_overflow=10, pool_pre_ping=True, json_deserializer=jsonsafe.loads_stored
            )
            self.read_engine = self.write_engine
        self._sync_reads = _sqlite_read_engine(url) if self.is_sqlite else None
        self._reading: Connection | None = None  # the one connection of ``_sync_reads``, held open between reads
        self._writer = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction that commits when the block ends without an exception."""
        async with self._writer() as session, session.begin():
            yield session

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
        async with self.read_engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            return await conn.run_sync(work)

    async def dispose(self) -> None:
        if self._sync_reads is not None:
            if self._reading is not None:
                self._reading.close()
                self._reading = None
            self._sync_reads.dispose()
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
