"""One pagination contract for every list: ``limit`` rows after ``cursor``; ``next_cursor`` only if more follow.

A service asks the store for ``limit + 1`` rows and cuts them here, so a cursor never points at an empty
page. Lists a face shows whole (Novu, the campaign API) are capped at ``UNPAGED_CAP`` rows instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from interlink.core.errors import invalid

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_PAGE = 200
UNPAGED_CAP = 1000  # the most rows a face without pagination answers; documented on its routes
MAX_CURSOR = 64


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page: its rows, the cursor of the next page (None on the last) and, where counted, the total."""

    rows: list[T]
    next_cursor: str | None
    total: int | None = None


def checked(limit: int, cursor: str | None) -> int:
    """The number of rows to fetch (one more than the page) after checking the request; 422 names the field."""
    if not 1 <= limit <= MAX_PAGE:
        raise invalid("limit", f"must be between 1 and {MAX_PAGE}")
    if cursor is not None and not 1 <= len(cursor) <= MAX_CURSOR:
        raise invalid("cursor", f"must be 1 to {MAX_CURSOR} characters")
    return limit + 1


def cut(
    rows: Sequence[T], limit: int, total: int | None = None, cursor_of: Callable[[T], Any] | None = None
) -> Page[T]:
    """The page of ``rows`` (fetched with one extra): the extra row's presence means a next page."""
    shown = list(rows[:limit])
    more = len(rows) > limit and bool(shown)
    key = None
    if more:
        last = shown[-1]
        key = cursor_of(last) if cursor_of else getattr(last, "id", None)
    return Page(shown, str(key) if key is not None else None, total)
