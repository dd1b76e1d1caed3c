"""Timestamps render as RFC 3339 whatever the year, so every face's date-times match their schema."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from interlink.core.timeutil import iso


def test_years_before_1000_are_padded_to_four_digits() -> None:
    assert iso(datetime(150, 11, 5, 8, 16, 28, tzinfo=UTC)) == "0150-11-05T08:16:28.000Z"
    assert iso(datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01T00:00:00.000Z"


def test_offsets_are_converted_to_utc_and_milliseconds_kept() -> None:
    moment = datetime(2026, 11, 26, 16, 0, 0, 123_456, tzinfo=timezone(timedelta(hours=1)))
    assert iso(moment) == "2026-11-26T15:00:00.123Z"
    assert iso(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000Z"  # naive means UTC
    assert iso(None) is None
