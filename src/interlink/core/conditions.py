"""Integration conditions in Novu's filter shape: validation of the structure and evaluation.

A condition group is ``{isNegated, type, value: AND|OR, children: [{field, operator, value, on}]}``.
An integration's list of groups matches when every group matches. ``field`` is a dotted path into the
``on`` source (``user.plan``, ``items.0.sku``). ``LIKE`` looks for the value as a case-insensitive
substring, or, when the value holds ``%``, matches the whole text with ``%`` standing for any run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from interlink.core.errors import FieldError

OPERATORS = frozenset(
    {
        "LARGER",
        "SMALLER",
        "LARGER_EQUAL",
        "SMALLER_EQUAL",
        "EQUAL",
        "NOT_EQUAL",
        "ALL_IN",
        "ANY_IN",
        "NOT_IN",
        "BETWEEN",
        "NOT_BETWEEN",
        "LIKE",
        "NOT_LIKE",
        "IN",
        "IS_DEFINED",
    }
)
FIELD_TYPES = frozenset({"BOOLEAN", "TEXT", "DATE", "NUMBER", "STATEMENT", "LIST", "MULTI_LIST", "GROUP"})
SOURCES = frozenset({"subscriber", "payload", "tenant"})
GROUP_KEYS = frozenset({"isNegated", "type", "value", "children"})
MAX_GROUPS = 20
MAX_CHILDREN = 50
_NEGATIVE = frozenset({"NOT_EQUAL", "NOT_IN", "NOT_LIKE", "NOT_BETWEEN"})
_RANGES = frozenset({"BETWEEN", "NOT_BETWEEN"})


def _one_of(value: Any, allowed: frozenset[str]) -> bool:
    """Membership that never raises on an unhashable value (a list or object sent by mistake)."""
    return isinstance(value, str) and value in allowed


def validate(conditions: Any, path: str = "conditions") -> list[FieldError]:
    """Return every structural problem in ``conditions``; an empty list means it is valid."""
    if not isinstance(conditions, list):
        return [FieldError(path, "must be a list of condition groups")]
    if len(conditions) > MAX_GROUPS:
        return [FieldError(path, f"at most {MAX_GROUPS} condition groups are allowed")]
    problems: list[FieldError] = []
    for i, group in enumerate(conditions):
        problems.extend(_validate_group(group, f"{path}[{i}]"))
    return problems


def _validate_group(group: Any, path: str) -> list[FieldError]:
    if not isinstance(group, dict):
        return [FieldError(path, "must be an object")]
    problems = [FieldError(f"{path}.{key}", "is not a known condition field") for key in group if key not in GROUP_KEYS]
    if "isNegated" in group and not isinstance(group["isNegated"], bool):
        problems.append(FieldError(f"{path}.isNegated", "must be a boolean"))
    if "type" in group and not _one_of(group["type"], FIELD_TYPES):
        problems.append(FieldError(f"{path}.type", f"must be one of {', '.join(sorted(FIELD_TYPES))}"))
    if not _one_of(group.get("value", "AND"), frozenset({"AND", "OR"})):
        problems.append(FieldError(f"{path}.value", "must be AND or OR"))
    children = group.get("children")
    if not isinstance(children, list):
        return [*problems, FieldError(f"{path}.children", "must be a list of filters")]
    if len(children) > MAX_CHILDREN:
        return [*problems, FieldError(f"{path}.children", f"at most {MAX_CHILDREN} filters are allowed")]
    for j, child in enumerate(children):
        problems.extend(_validate_child(child, f"{path}.children[{j}]"))
    return problems


def _validate_child(child: Any, path: str) -> list[FieldError]:
    if not isinstance(child, dict):
        return [FieldError(path, "must be an object")]
    problems: list[FieldError] = []
    if not isinstance(child.get("field"), str) or not child["field"]:
        problems.append(FieldError(f"{path}.field", "is required and must be a non-empty string"))
    operator = child.get("operator")
    if not _one_of(operator, OPERATORS):
        problems.append(FieldError(f"{path}.operator", f"must be one of {', '.join(sorted(OPERATORS))}"))
    if not _one_of(child.get("on", "payload"), SOURCES):
        problems.append(FieldError(f"{path}.on", f"must be one of {', '.join(sorted(SOURCES))}"))
    value = child.get("value")
    if operator != "IS_DEFINED" and not isinstance(value, str | int | float | bool | list):
        problems.append(FieldError(f"{path}.value", "is required"))
    elif _one_of(operator, _RANGES) and len(_as_list(value)) != 2:
        problems.append(FieldError(f"{path}.value", "must hold two bounds, as a list or 'low,high'"))
    return problems


def matches(conditions: Sequence[Mapping[str, Any]], context: Mapping[str, Any]) -> bool:
    """Evaluate conditions against ``{"payload": …, "subscriber": …, "tenant": …}``; none means match."""
    return all(_group_matches(group, context) for group in conditions)


def _group_matches(group: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    results = [_child_matches(child, context) for child in group.get("children", [])]
    if not results:
        outcome = True
    elif group.get("value", "AND") == "OR":
        outcome = any(results)
    else:
        outcome = all(results)
    return not outcome if group.get("isNegated") else outcome


def _lookup(source: Any, dotted: str) -> tuple[bool, Any]:
    """Follow a dotted path through objects and (by numeric index) lists."""
    current = source
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isascii() and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def _number(value: Any) -> float | None:
    """A comparable number for numbers and numeric strings; None for the rest (and for NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return None if math.isnan(number) else number


def _compare(actual: Any, expected: Any) -> int | None:
    left, right = _number(actual), _number(expected)
    if left is not None and right is not None:
        return (left > right) - (left < right)
    if isinstance(actual, str) and isinstance(expected, str):
        return (actual > expected) - (actual < expected)
    return None


def _equal(actual: Any, expected: Any) -> bool:
    if _compare(actual, expected) == 0:
        return True
    if isinstance(actual, bool) or isinstance(expected, bool):
        return str(actual).lower() == str(expected).lower()
    return bool(actual == expected)


def _child_matches(child: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    found, actual = _lookup(context.get(child.get("on", "payload"), {}), child["field"])
    operator: str = str(child["operator"])
    expected = child.get("value")
    if operator == "IS_DEFINED":
        return bool(found)
    if not found:
        return operator in _NEGATIVE
    if operator in {"EQUAL", "NOT_EQUAL"}:
        return _equal(actual, expected) == (operator == "EQUAL")
    if operator in {"LARGER", "SMALLER", "LARGER_EQUAL", "SMALLER_EQUAL"}:
        order = _compare(actual, expected)
        if order is None:
            return False
        return {"LARGER": order > 0, "SMALLER": order < 0, "LARGER_EQUAL": order >= 0, "SMALLER_EQUAL": order <= 0}[
            operator
        ]
    if operator in {"BETWEEN", "NOT_BETWEEN"}:
        low, high = _as_list(expected)
        above, below = _compare(actual, low), _compare(actual, high)
        inside = above is not None and below is not None and above >= 0 and below <= 0
        return inside == (operator == "BETWEEN")
    if operator in {"LIKE", "NOT_LIKE"}:
        return _like(actual, expected) == (operator == "LIKE")
    options = [str(option) for option in _as_list(expected)]
    values = [str(item) for item in (actual if isinstance(actual, list) else [actual])]
    if operator in {"IN", "ANY_IN"}:
        return any(value in options for value in values)
    if operator == "NOT_IN":
        return not any(value in options for value in values)
    if operator == "ALL_IN":
        return all(option in values for option in options)
    return False


def _like(actual: Any, pattern: Any) -> bool:
    """Substring match, or a whole-text match where ``%`` stands for any run; linear, no regex."""
    text, needle = str(actual).lower(), str(pattern).lower()
    if "%" not in needle:
        return needle in text
    first, *middle, last = needle.split("%")
    if not text.startswith(first):
        return False
    position = len(first)
    for part in middle:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return len(text) - position >= len(last) and text.endswith(last)
