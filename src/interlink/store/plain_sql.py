"""Module-level Core statements run straight on pysqlite within a whole read or write, past SQLAlchemy's
execution context, with the very bind processors SQLAlchemy would apply.

A create's few short statements spent more in SQLAlchemy's execution context (the context, its parameter
processing, the cursor result) than in SQLite itself. Anywhere but the event-loop SQLite engines
(``Database.run_read``/``run_write`` on a file) SQLAlchemy runs them as usual.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Plain:
    """A statement compiled once for pysqlite: its SQL and, in parameter order, each name and bind processor,
    and the values of the binds the statement fixes itself (a LIMIT's)."""

    sql: str
    binds: tuple[tuple[str, Callable[[Any], Any] | None], ...]
    fixed: dict[str, Any]

    def values(self, params: dict[str, Any]) -> list[Any]:
        given = {**self.fixed, **params} if self.fixed else params
        return [given[name] if process is None else process(given[name]) for name, process in self.binds]


_PLAIN: dict[tuple[Executable, tuple[str, ...]], _Plain | None] = {}


def _plain(conn: Connection, statement: Executable, params: dict[str, Any]) -> _Plain | None:
    """The statement as pysqlite runs it, or None where only SQLAlchemy can: another driver, expanding IN
    lists, or a column default the execution context would compute."""
    if conn.dialect.driver != "pysqlite":
        return None
    shape = (statement, tuple(params))
    if shape not in _PLAIN:
        compiled: SQLCompiler = statement.compile(  # type: ignore[attr-defined]
            dialect=conn.dialect, column_keys=list(params)
        )
        usable = (
            compiled.positional
            and not any(b.expanding for b in compiled.binds.values())
            and not getattr(compiled, "insert_prefetch", None)
            and not getattr(compiled, "update_prefetch", None)
        )
        names = compiled.positiontup or ()
        processors: dict[str, Any] = dict(compiled._bind_processors)
        fixed = {name: value for name, value in compiled.construct_params(params).items() if name not in params}
        _PLAIN[shape] = (
            _Plain(compiled.string, tuple((name, processors.get(name)) for name in names), fixed) if usable else None
        )
    return _PLAIN[shape]


def _run(conn: Connection, plain: _Plain, params: dict[str, Any]) -> sqlite3.Cursor:
    driver: Any = conn.connection.driver_connection
    try:
        cursor: sqlite3.Cursor = driver.execute(plain.sql, plain.values(params))
    except sqlite3.Error as exc:  # raised as SQLAlchemy would, so callers catch one kind (IntegrityError, …)
        raise DBAPIError.instance(plain.sql, params, exc, sqlite3.Error) from exc
    return cursor


def all_rows(conn: Connection, statement: Executable, params: dict[str, Any]) -> Sequence[Any]:
    """Every row of a module-level Core statement, as tuples by position with no result processing.

    Only for statements whose raw values the caller reads as such (text, numbers; no timestamps or JSON
    it needs as objects): on pysqlite the rows come straight from the driver.
    """
    plain = _plain(conn, statement, params)
    if plain is None:
        return conn.execute(statement, params).all()
    rows: list[Any] = _run(conn, plain, params).fetchall()
    return rows


def execute(conn: Connection, statement: Executable, params: dict[str, Any]) -> int:
    """Run a module-level Core INSERT, UPDATE or DELETE with one set of parameters; returns its rowcount."""
    plain = _plain(conn, statement, params)
    if plain is None:
        return int(conn.execute(statement, params).rowcount)
    return int(_run(conn, plain, params).rowcount)


def first_row(conn: Connection, statement: Executable, params: dict[str, Any]) -> Any:
    """The first row of a module-level SELECT, its values processed as SQLAlchemy reads them, or None.

    On pysqlite the statement first runs plain; only a found row is read again through SQLAlchemy: for
    lookups that mostly find nothing (a new idempotency key).
    """
    plain = _plain(conn, statement, params)
    if plain is not None and _run(conn, plain, params).fetchone() is None:
        return None
    return conn.execute(statement, params).first()
