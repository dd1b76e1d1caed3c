"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from interlink.core.timeutil import iso

JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always reads back a timezone-aware value, even from SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """On SQLite, one step from the stored text to an aware value: a page of rows reads many timestamps."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        general = super().result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                parsed = datetime.fromisoformat(value)
            except (TypeError, ValueError):
                return general(value) if general else value  # a form only SQLAlchemy's own parser reads
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)

        return process


class shown_stamp(FunctionElement[str]):
    """A timestamp column read as text: SQLite's stored form (for ``iso_text``), or PostgreSQL's own shown form.

    A page of rows holds many timestamps; PostgreSQL formats each in C where Python's ``isoformat`` took a
    tenth of a feed page's CPU.
    """

    type = String()
    inherit_cache = True
    name = "shown_stamp"


@compiles(shown_stamp)
def _stored_stamp(element: shown_stamp, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses.clauses[0], **kw))


@compiles(shown_stamp, "postgresql")
def _formatted_stamp(element: shown_stamp, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.clauses.clauses[0], **kw)
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""  # truncated, as ``iso``


def _sqlite_stamp() -> Any:
    """What a stored SQLite timestamp reads as through ``UTCDateTime``: for the rare form the shortcut leaves."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    return UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)


_READ_SQLITE_STAMP = _sqlite_stamp()


def iso_text(value: str | datetime | None) -> str | None:
    """A stored timestamp as every face shows it (``2025-01-01T00:00:00.000Z``), read straight from its stored form.

    SQLite stores ``2025-01-01 00:00:00.123456`` (UTC, the form ``UTCDateTime`` writes): the shown form is a slice
    of it, milliseconds truncated as ``iso`` truncates them. Any other text, or a PostgreSQL value, takes ``iso``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " " and value[19] == ".":
            return value[:10] + "T" + value[11:23] + "Z"
        return iso(_READ_SQLITE_STAMP(value))
    return iso(value)
