"""Prefixed, sortable identifiers (ULID) such as ``int_01J…``."""

from __future__ import annotations

import re

from ulid import ULID

_ULID_RE = "[0-9A-HJKMNP-TV-Z]{26}"
_PATTERNS: dict[str, re.Pattern[str]] = {}


def new_id(prefix: str) -> str:
    """Return a new id whose prefix tells the kind of record and whose order follows creation time."""
    return f"{prefix}_{ULID()}"


def is_id(value: str, prefix: str) -> bool:
    """Say whether ``value`` is a well-formed id of the given prefix."""
    pattern = _PATTERNS.get(prefix)
    if pattern is None:
        pattern = _PATTERNS[prefix] = re.compile(rf"^{re.escape(prefix)}_{_ULID_RE}$")
    return bool(pattern.match(value))
