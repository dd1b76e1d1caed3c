"""Integration conditions in Novu's filter shape: validation of the structure and evaluation.

A condition group is ``{isNegated, type, value: AND|OR, children: [{field, operator, value, on}]}``.
An integration's list of groups matches when every group matches.
"""

from __future__ import annotations

import re
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
MAX_GROUPS = 20
MAX_CHILDREN = 50


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
    problems: list[FieldError] = []
    known = {"isNegated", "type", "value", "children"}
    problems += [FieldError(f"{path}.{key}", "is not a known condition field") for key in group if key not in known]
    if "isNegated" in group and not isinstance(group["isNegated"], bool):
        problems.append(FieldError(f"{path}.isNegated", "must be a boolean"))
    if "type" in group and group["type"] not in FIELD_TYPES:
        problems.append(FieldError(f"{path}.type", f"must be one of {', '.join(sorted(FIELD_TYPES))}"))
    if group.get("value", "AND") not in {"AND", "OR"}:
        problems.append(FieldError(f"{path}.value", "must be AND or OR"))
    children = group.get("children")
    if not isinstance(children, list):
        return [*problems, FieldError(f"{path}.children", "must be a list of filters")]
    if len(children) > MAX_CHILDREN:
        problems.append(FieldError(f"{path}.children", f"at most {MAX_CHILDREN} filters are allowed"))
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
    if operator not in OPERATORS:
        problems.append(FieldError(f"{path}.operator", f"must be one of {', '.join(sorted(OPERATORS))}"))
    if child.get("on", "payload") not in SOURCES:
        problems.append(FieldError(f"{path}.on", f"must be one of {', '.join(sorted(SOURCES))}"))
    value = child.get("value")
    if operator != "IS_DEFINED" and not isinstance(value, str | int | float | bool | list):
        problems.append(FieldError(f"{path}.value", "is required"))
    if operator in {"BETWEEN", "NOT_BETWEEN"} and len(_as_list(value)) != 2:
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
    current = source
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
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
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


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
    return str(actual).lower() == str(expected).lower() if isinstance(actual, bool) else actual == expected


def _child_matches(child: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    found, actual = _lookup(context.get(child.get("on", "payload"), {}), child["field"])
    operator, expected = child["operator"], child.get("value")
    if operator == "IS_DEFINED":
        return found
    if not found:
        return operator in {"NOT_EQUAL", "NOT_IN", "NOT_LIKE", "NOT_BETWEEN"}
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
        found_like = _like(actual, expected)
        return found_like == (operator == "LIKE")
    options = [str(option) for option in _as_list(expected)]
    values = [str(item) for item in (actual if isinstance(actual, list) else [actual])]
    if operator == "IN":
        return any(value in options for value in values)
    if operator == "NOT_IN":
        return not any(value in options for value in values)
    if operator == "ANY_IN":
        return any(value in options for value in values)
    if operator == "ALL_IN":
        return all(option in values for option in options)
    return False


def _like(actual: Any, pattern: Any) -> bool:
    text, needle = str(actual), str(pattern)
    if "%" in needle or "_" in needle:
        regex = "^" + "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in needle) + "$"
        return re.match(regex, text, re.IGNORECASE | re.DOTALL) is not None
    return needle.lower() in text.lower()
