"""The quick pass of the JSON limits agrees with the full walk: a value passes only when no limit is broken."""

import math

import pytest

from interlink.core import jsonsafe


def nested(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"n": 1, "s": "text", "ok": True, "none": None, "f": 1.5, "list": [1, "é", {"x": []}]}, None),
        (nested(32), None),
        (nested(33), ("a", "is nested more than 32 levels deep")),
        ({"big": 2**64}, ("big", "is a number outside the 64-bit integer range")),
        ({"small": -(2**63)}, None),
        ({"list": [1, math.nan]}, ("list[1]", "is not a finite number")),
        ({"x": "\ud800"}, ("x", "contains an unpaired surrogate")),
        ({"t": (1, 2)}, None),  # a tuple is not JSON the walk descends into, as before
    ],
)
def test_problem_reports_the_first_broken_limit_or_none(value: object, expected: tuple[str, str] | None) -> None:
    assert jsonsafe.problem(value) == expected


def test_the_depth_limit_is_the_one_asked_for() -> None:
    assert jsonsafe.problem(nested(128), max_depth=jsonsafe.SEND_DEPTH) is None
    assert jsonsafe.problem(nested(129), max_depth=jsonsafe.SEND_DEPTH) == ("a", "is nested more than 128 levels deep")
