"""Reading a stored value straight from its stored form gives what the typed columns read and ``iso`` shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import sqlite

from interlink.core import jsonsafe
from interlink.core.timeutil import iso
from interlink.services.hub import Hub
from interlink.store.plain_sql import all_rows
from interlink.store.tables import Environment
from interlink.store.types import UTCDateTime, iso_text
from tests.conftest import Tenant
from tests.contract.test_stored_shapes import JSON_VALUES

SQLITE = sqlite.dialect()
_impl = UTCDateTime().dialect_impl(SQLITE)
STORE = _impl.bind_processor(SQLITE)
READ = _impl.result_processor(SQLITE, None)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), timezones=st.just(UTC)))
def test_a_stored_timestamp_shows_as_iso_shows_the_value(value: datetime) -> None:
    stored = STORE(value)
    assert iso_text(stored) == iso(READ(stored)) == iso(value)
    assert iso_text(value) == iso(value)


@pytest.mark.parametrize(
    "stored", ["2026-01-02 03:04:05", "2026-01-02T03:04:05.987654", "2026-01-02 03:04:05.5+02:00", "2026-01-02"]
)
def test_a_timestamp_stored_in_another_form_reads_as_the_column_reads_it(stored: str) -> None:
    assert iso_text(stored) == iso(READ(stored))


def test_no_timestamp_shows_as_none() -> None:
    assert iso_text(None) is None


def _in_range_or_float(digits: str) -> int | float:
    number = int(digits)
    return number if jsonsafe.MIN_INT <= number <= jsonsafe.MAX_INT else float(number)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_stored_json_reads_as_pythons_parser_reads_it(value: Any) -> None:
    """Integers beyond the accepted range excepted: those read as floats, as SQLite's reader reads them."""
    stored = json.dumps(value)
    read = jsonsafe.loads_stored(stored)
    assert jsonsafe.dumps(read) == jsonsafe.dumps(json.loads(stored, parse_int=_in_range_or_float))
    assert jsonsafe.dumps(jsonsafe.loads_stored(stored.encode())) == jsonsafe.dumps(read)


@pytest.mark.parametrize("number", [1e300, 6.02214076e23, 1.5e20, -1e19, 2.0**64])
def test_a_float_postgresql_prints_in_full_reads_back_as_that_float(number: float) -> None:
    printed = f'{{"n": {int(number)}}}'  # jsonb shows 1e20 as 100000000000000000000

    assert jsonsafe.loads_stored(printed) == {"n": number}
    assert isinstance(jsonsafe.loads_stored(printed.encode())["n"], float)


def test_integers_of_the_accepted_range_read_back_exact() -> None:
    for number in (jsonsafe.MIN_INT, jsonsafe.MAX_INT, 10**19):
        read = jsonsafe.loads_stored(f"[{number}]")
        assert read == [number] and isinstance(read[0], int)


async def test_rows_read_past_sqlalchemy_are_the_rows_it_reads(hub: Hub, tenant: Tenant) -> None:
    """``all_rows`` gives what SQLAlchemy's own execution gives, whichever way it runs a statement."""
    environments = Environment.__table__
    by_org = select(environments.c.id, environments.c.name).where(environments.c.organization_id == bindparam("org"))
    by_ids = select(environments.c.id).where(environments.c.id.in_(bindparam("ids", expanding=True)))
    cases: list[tuple[Any, dict[str, Any]]] = [
        (by_org.order_by(environments.c.id), {"org": tenant.organization_id}),
        (by_ids.order_by(environments.c.id), {"ids": [tenant.env_id, tenant.other_env_id]}),
    ]
    for statement, params in cases:
        for _ in range(2):  # the second time from the compiled form kept the first time
            plain = await hub.db.run_read(lambda conn, s=statement, p=params: all_rows(conn, s, p))
            rows = await hub.db.run_read(lambda conn, s=statement, p=params: conn.execute(s, p).all())
            assert [tuple(r) for r in plain] == [tuple(r) for r in rows] != []


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1, 1), timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5))])))
def test_iso_shows_milliseconds_truncated_and_z(value: datetime) -> None:
    utc = value.astimezone(UTC)
    shown = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    assert iso(value) == f"{shown}.{utc.microsecond // 1000:03d}Z"
    assert iso(value.replace(tzinfo=None)) == iso(value.replace(tzinfo=UTC))
