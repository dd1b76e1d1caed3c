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
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    m = value if value.tzinfo is UTC else value.astimezone(UTC)
    return m.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"  # in C; pads the year to four digits


def aware(value: datetime) -> datetime:
    """Attach UTC to a naive timestamp read back from SQLite."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
