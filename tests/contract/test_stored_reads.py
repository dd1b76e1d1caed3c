"""Reading a stored value straight from its stored form gives what the typed columns read and ``iso`` shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from interlink.core import jsonsafe
from interlink.core.timeutil import iso
from interlink.store.types import UTCDateTime, iso_text
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


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_stored_json_reads_as_pythons_parser_reads_it(value: Any) -> None:
    stored = json.dumps(value)
    read = jsonsafe.loads_stored(stored)
    assert jsonsafe.dumps(read) == jsonsafe.dumps(json.loads(stored))
    assert jsonsafe.dumps(jsonsafe.loads_stored(stored.encode())) == jsonsafe.dumps(read)
