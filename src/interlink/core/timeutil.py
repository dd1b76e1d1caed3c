"""Timestamps: always timezone-aware UTC, rendered as ISO 8601 with milliseconds and ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """Render a timestamp the way every API face shows it: ``2025-01-01T00:00:00.000Z``."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    # isoformat, not strftime: faster, and it pads a year before 1000 to four digits. Without ``timespec`` it is
    # faster still: "YYYY-MM-DDTHH:MM:SS.ffffff+00:00", or without ".ffffff" at a whole second.
    text = value.isoformat()
    return text[:23] + "Z" if len(text) == 32 else text[:19] + ".000Z"


def aware(value: datetime) -> datetime:
    """Attach UTC to a naive timestamp read back from SQLite."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
