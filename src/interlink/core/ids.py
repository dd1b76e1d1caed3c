"""Prefixed, sortable identifiers (ULID) such as ``int_01J…``."""

from __future__ import annotations

import os
import re
import time

_ULID_RE = "[0-9A-HJKMNP-TV-Z]{26}"
_PATTERNS: dict[str, re.Pattern[str]] = {}
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_CHAR = bytes(_CROCKFORD[b & 31].encode()[0] for b in range(256))  # 256 / 32: every character equally likely
_POOL_SIZE = 4096


class _RandomPool:
    """Random bytes from the OS read in bulk: one system call per few hundred ids instead of one each."""

    def __init__(self) -> None:
        self._buffer, self._at = b"", 0

    def forget(self) -> None:
        """Drop what is left, so a forked child never repeats its parent's bytes."""
        self._buffer, self._at = b"", 0

    def take(self, size: int) -> bytes:
        at = self._at
        if at + size > len(self._buffer):
            self._buffer, at = os.urandom(_POOL_SIZE), 0
        self._at = at + size
        return self._buffer[at : at + size]


_pool = _RandomPool()
random_bytes = _pool.take
os.register_at_fork(after_in_child=_pool.forget)


def _time_part(ms: int) -> str:
    """The first 10 characters of a ULID: 48 bits of milliseconds (and two zero bits) in Crockford base32."""
    return "".join(_CROCKFORD[(ms >> shift) & 31] for shift in range(45, -1, -5))


_last_time: tuple[int, str] = (-1, "")


def new_ulid() -> str:
    """A ULID: 48 bits of milliseconds, then 80 random bits written as 16 random base32 characters."""
    global _last_time
    ms = time.time_ns() // 1_000_000
    if _last_time[0] != ms:  # ids made in the same millisecond share their time characters
        _last_time = (ms, _time_part(ms))
    return _last_time[1] + random_bytes(16).translate(_RANDOM_CHAR).decode()


def new_id(prefix: str) -> str:
    """Return a new id whose prefix tells the kind of record and whose order follows creation time."""
    return f"{prefix}_{new_ulid()}"


def is_id(value: str, prefix: str) -> bool:
    """Say whether ``value`` is a well-formed id of the given prefix."""
    pattern = _PATTERNS.get(prefix)
    if pattern is None:
        pattern = _PATTERNS[prefix] = re.compile(rf"^{re.escape(prefix)}_{_ULID_RE}$")
    return bool(pattern.match(value))
