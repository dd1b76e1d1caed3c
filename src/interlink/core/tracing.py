"""One trace id per payload, carried in a context variable and W3C ``traceparent`` headers."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

from interlink.core.ids import random_bytes

_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_current: ContextVar[str | None] = ContextVar("interlink_trace_id", default=None)


def new_trace_id() -> str:
    """Return a fresh 32-hex-digit trace id."""
    return secrets.token_hex(16)


def from_traceparent(header: str | None) -> str | None:
    """Take the trace id out of a ``traceparent`` header, or None when it is absent or malformed."""
    if not header:
        return None
    match = _TRACEPARENT.match(header.strip().lower())
    if not match or match.group(1) == "0" * 32:
        return None
    return match.group(1)


def traceparent(trace_id: str) -> str:
    """Build a ``traceparent`` header for an outbound request that continues ``trace_id``."""
    return f"00-{trace_id}-{random_bytes(8).hex()}-01"  # one per send: from the bulk pool


def current_trace_id() -> str | None:
    """The trace id of the work being done now, if any."""
    return _current.get()


def set_trace_id(trace_id: str | None) -> object:
    """Make ``trace_id`` current; returns a token for ``reset_trace_id``."""
    return _current.set(trace_id)


def reset_trace_id(token: object) -> None:
    """Restore the trace id that was current before ``set_trace_id``."""
    _current.reset(token)  # type: ignore[arg-type]
