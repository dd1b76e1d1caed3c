"""JSON that can always be stored and rendered: the input limits, and a renderer that never fails on a value.

orjson renders at most 255 levels, integers in [-2**63, 2**64) and finite numbers, and strings without
lone surrogates; a value outside those would be accepted by Python's parser and then break every
response that shows it. Inputs are checked against the stricter limits below; values already stored
are rendered with whatever cannot be shown replaced by a marker.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import orjson

MAX_DEPTH = 32  # nesting of a whole request body; responses wrap a stored value in a few levels more
MIN_INT, MAX_INT = -(2**63), 2**64 - 1
SEND_DEPTH = 128  # a stored message deeper than this (accepted before the limits) can never be sent
RENDER_DEPTH = 200  # below orjson's 255, leaving room for the response envelope
TOO_DEEP = "[nested too deep]"
_LONG_DIGITS = re.compile(rb"\d{19}")
_LONG_DIGITS_TEXT = re.compile(r"[0-9]{19}")


def _path(parts: list[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "body"


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return None if MIN_INT <= value <= MAX_INT else "is a number outside the 64-bit integer range"
    if isinstance(value, float):
        return None if math.isfinite(value) else "is not a finite number"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contains an unpaired surrogate"
    return None


def _fine(value: Any, depth: int) -> bool:
    """Whether ``value`` keeps every limit, checked without noting paths (the common case, on every send)."""
    kind = type(value)
    if kind is str:
        return value.isascii() or _scalar_problem(value) is None
    if kind is dict:
        return depth > 0 and all(_fine(item, depth - 1) for item in value.values())
    if kind is list:
        return depth > 0 and all(_fine(item, depth - 1) for item in value)
    if kind is bool or value is None:
        return True
    if kind is int:
        return bool(MIN_INT <= value <= MAX_INT)
    if kind is float:
        return math.isfinite(value)
    return False  # anything else (subclasses included): the full walk below decides


def fine(value: Any, max_depth: int) -> bool:
    """Whether ``value`` keeps every limit: the quick answer, without saying where it breaks one."""
    return _fine(value, max_depth)


def problem(value: Any, max_depth: int = MAX_DEPTH) -> tuple[str, str] | None:
    """The first place where ``value`` breaks the limits, as (field path, message), or None."""
    if _fine(value, max_depth):
        return None
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict | list):
            if len(where) >= max_depth:
                return _path(where[:1]), f"is nested more than {max_depth} levels deep"
            children = item.items() if isinstance(item, dict) else enumerate(item)
            stack.extend((child, [*where, key]) for key, child in children)
            continue
        found = _scalar_problem(item)
        if found is not None:
            return _path(where), found
    return None


def parse_problem(raw: bytes, max_depth: int = MAX_DEPTH) -> tuple[int, str, str] | None:
    """Why a JSON body cannot be accepted, as (status, field path, message): 400 unreadable, 422 over a limit."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return 400, "body", f"is not valid JSON ({_reason(exc)})"
    found = problem(value, max_depth)
    if found is not None:
        return 422, found[0], found[1]
    if _LONG_DIGITS.search(raw):  # orjson reads big integers as floats; Python's parser keeps them exact
        try:
            exact = json.loads(raw)
        except ValueError as exc:  # e.g. more digits than Python converts
            return 422, "body", f"holds a number that cannot be read ({exc.__class__.__name__})"
        found = problem(exact, max_depth)
        if found is not None:
            return 422, found[0], found[1]
    return None


def _reason(exc: orjson.JSONDecodeError) -> str:
    text = str(exc)
    return text if len(text) <= 120 else text[:117] + "..."


def sanitized(value: Any, depth: int = RENDER_DEPTH) -> Any:
    """A copy of ``value`` that orjson can render: what cannot be shown is replaced by a marker or a string."""
    if isinstance(value, dict):
        if depth <= 0:
            return TOO_DEEP
        return {_text(str(k)): sanitized(v, depth - 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if depth <= 0:
            return TOO_DEEP
        return [sanitized(v, depth - 1) for v in value]
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if MIN_INT <= value <= MAX_INT else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value


def _text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _stored_int(digits: str) -> int | float:
    """An integer as stored; one beyond the accepted range was a float (PostgreSQL's jsonb prints 1e20 in full)."""
    value = int(digits)
    return value if MIN_INT <= value <= MAX_INT else float(digits)


def loads_stored(text: str | bytes) -> Any:
    """A stored JSON value read as Python's parser reads it (64-bit integers exact, NaN), at orjson's speed.

    A longer integer reads as a float: inputs refuse such integers, so it was a float PostgreSQL printed in full.
    """
    if (_LONG_DIGITS.search(text) if isinstance(text, bytes) else _LONG_DIGITS_TEXT.search(text)) is not None:
        return json.loads(text, parse_int=_stored_int)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text, parse_int=_stored_int)


def dumps(value: Any) -> bytes:
    """Render ``value`` with orjson; a value it refuses is rendered sanitized instead of failing."""
    try:
        return orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError, RecursionError):
        return orjson.dumps(sanitized(value), default=str)
