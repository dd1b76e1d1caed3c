"""Conditions: structural validation with field paths, evaluation of every operator, and robustness."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from interlink.core.conditions import MAX_CHILDREN, MAX_GROUPS, OPERATORS, matches, validate


def child(field: str = "plan", operator: str = "EQUAL", value: Any = "pro", on: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"field": field, "operator": operator, "value": value}
    if on is not None:
        out["on"] = on
    return out


def group(*children: dict[str, Any], value: str = "AND", negated: bool = False) -> dict[str, Any]:
    return {"isNegated": negated, "type": "GROUP", "value": value, "children": list(children)}


def check(operator: str, actual: Any, expected: Any) -> bool:
    """Evaluate one filter on ``payload.x`` holding ``actual``."""
    return matches([group(child("x", operator, expected))], {"payload": {"x": actual}})


def paths(conditions: Any) -> list[str]:
    return [problem.path for problem in validate(conditions)]


# --- validation ------------------------------------------------------------------------------------


def test_the_full_novu_shape_is_valid() -> None:
    assert validate([group(child(on="payload"), child("tier", "IN", ["a", "b"], on="subscriber"))]) == []


def test_the_short_novu_shape_is_valid() -> None:
    assert (
        validate([{"children": [{"field": "identifier", "value": "test", "operator": "EQUAL", "on": "tenant"}]}]) == []
    )


def test_no_conditions_are_valid() -> None:
    assert validate([]) == []
    assert validate([{"children": []}]) == []


def test_is_defined_needs_no_value() -> None:
    assert validate([group({"field": "x", "operator": "IS_DEFINED"})]) == []


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ({"children": []}, ["conditions"]),
        ("test", ["conditions"]),
        (None, ["conditions"]),
        ([{"children": []}] * (MAX_GROUPS + 1), ["conditions"]),
        (["group"], ["conditions[0]"]),
        ([None], ["conditions[0]"]),
        ([{"children": [], "colour": "red"}], ["conditions[0].colour"]),
        ([{"children": [], "isNegated": "false"}], ["conditions[0].isNegated"]),
        ([{"children": [], "isNegated": 0}], ["conditions[0].isNegated"]),
        ([{"children": [], "type": "SHAPE"}], ["conditions[0].type"]),
        ([{"children": [], "type": ["GROUP"]}], ["conditions[0].type"]),
        ([{"children": [], "value": "XOR"}], ["conditions[0].value"]),
        ([{"children": [], "value": ["AND"]}], ["conditions[0].value"]),
        ([{"children": [], "value": {"op": "OR"}}], ["conditions[0].value"]),
        ([{"value": "AND"}], ["conditions[0].children"]),
        ([{"children": "test"}], ["conditions[0].children"]),
        ([{"children": {"field": "x"}}], ["conditions[0].children"]),
        ([{"children": [child()] * (MAX_CHILDREN + 1)}], ["conditions[0].children"]),
        ([group("plan")], ["conditions[0].children[0]"]),
        ([group({"operator": "EQUAL", "value": "a"})], ["conditions[0].children[0].field"]),
        ([group(child(field=""))], ["conditions[0].children[0].field"]),
        ([group(child(field=7))], ["conditions[0].children[0].field"]),  # type: ignore[arg-type]
        ([group({"field": "x", "value": "a"})], ["conditions[0].children[0].operator"]),
        ([group(child(operator="ROUGHLY"))], ["conditions[0].children[0].operator"]),
        ([group(child(operator="equal"))], ["conditions[0].children[0].operator"]),
        ([group(child(operator=["EQUAL"]))], ["conditions[0].children[0].operator"]),  # type: ignore[arg-type]
        ([group(child(on="isOnline"))], ["conditions[0].children[0].on"]),
        ([group(child(on=["payload"]))], ["conditions[0].children[0].on"]),  # type: ignore[arg-type]
        ([group({"field": "x", "operator": "EQUAL"})], ["conditions[0].children[0].value"]),
        ([group(child(value=None))], ["conditions[0].children[0].value"]),
        ([group(child(value={"a": 1}))], ["conditions[0].children[0].value"]),
        ([group(child(operator="BETWEEN", value=[1]))], ["conditions[0].children[0].value"]),
        ([group(child(operator="BETWEEN", value=[1, 2, 3]))], ["conditions[0].children[0].value"]),
        ([group(child(operator="NOT_BETWEEN", value="5"))], ["conditions[0].children[0].value"]),
        ([group(child(operator="BETWEEN"))], ["conditions[0].children[0].value"]),
    ],
)
def test_each_malformed_shape_is_named_by_its_path(conditions: Any, expected: list[str]) -> None:
    assert paths(conditions) == expected
    assert all(problem.message for problem in validate(conditions))


def test_every_problem_is_reported_at_its_own_index() -> None:
    conditions = [
        group(child()),
        {"value": "NOR", "children": [child(), child(operator="NOPE"), {"field": "", "operator": "IN", "value": 1}]},
    ]

    assert paths(conditions) == [
        "conditions[1].value",
        "conditions[1].children[1].operator",
        "conditions[1].children[2].field",
    ]


def test_a_custom_path_prefix_is_used() -> None:
    assert [p.path for p in validate([{"children": 1}], "rules")] == ["rules[0].children"]


# --- evaluation: every operator --------------------------------------------------------------------


def test_the_operator_table_is_complete() -> None:
    expected = {
        "EQUAL", "NOT_EQUAL", "LARGER", "SMALLER", "LARGER_EQUAL", "SMALLER_EQUAL", "IN", "NOT_IN",
        "ANY_IN", "ALL_IN", "BETWEEN", "NOT_BETWEEN", "LIKE", "NOT_LIKE", "IS_DEFINED",
    }  # fmt: skip
    assert set(OPERATORS) == expected


@pytest.mark.parametrize(
    ("operator", "actual", "expected", "outcome"),
    [
        ("EQUAL", "pro", "pro", True),
        ("EQUAL", "pro", "free", False),
        ("EQUAL", "Pro", "pro", False),
        ("EQUAL", 5, "5", True),
        ("EQUAL", "5.0", 5, True),
        ("EQUAL", True, "true", True),
        ("EQUAL", "true", True, True),
        ("EQUAL", False, "true", False),
        ("EQUAL", ["a"], ["a"], True),
        ("EQUAL", "NaN", 5, False),
        ("EQUAL", None, "None", False),
        ("NOT_EQUAL", "pro", "free", True),
        ("NOT_EQUAL", "pro", "pro", False),
        ("NOT_EQUAL", 3, "3", False),
        ("LARGER", 10, "9", True),
        ("LARGER", "10", 9, True),
        ("LARGER", 9, 9, False),
        ("LARGER", "b", "a", True),
        ("LARGER", "abc", 5, False),
        ("LARGER", [1], 0, False),
        ("SMALLER", 1.5, 2, True),
        ("SMALLER", 2, 2, False),
        ("SMALLER", "10", "9", False),
        ("LARGER_EQUAL", 2, 2, True),
        ("LARGER_EQUAL", 1, 2, False),
        ("SMALLER_EQUAL", 2, "2", True),
        ("SMALLER_EQUAL", 3, 2, False),
        ("IN", "b", ["a", "b"], True),
        ("IN", "b", "a, b", True),
        ("IN", "c", ["a", "b"], False),
        ("IN", 2, [1, 2], True),
        ("IN", ["x", "b"], ["a", "b"], True),
        ("NOT_IN", "c", ["a", "b"], True),
        ("NOT_IN", "a", ["a", "b"], False),
        ("NOT_IN", ["c", "a"], ["a", "b"], False),
        ("ANY_IN", ["x", "b"], ["a", "b"], True),
        ("ANY_IN", ["x", "y"], ["a", "b"], False),
        ("ALL_IN", ["a", "b", "c"], ["a", "b"], True),
        ("ALL_IN", ["a", "c"], ["a", "b"], False),
        ("ALL_IN", "a", "a", True),
        ("BETWEEN", 5, [1, 10], True),
        ("BETWEEN", 1, [1, 10], True),
        ("BETWEEN", 10, "1,10", True),
        ("BETWEEN", 11, [1, 10], False),
        ("BETWEEN", "m", ["a", "z"], True),
        ("BETWEEN", {"a": 1}, [1, 10], False),
        ("NOT_BETWEEN", 11, [1, 10], True),
        ("NOT_BETWEEN", 5, [1, 10], False),
        ("LIKE", "Hello World", "world", True),
        ("LIKE", "Hello World", "moon", False),
        ("LIKE", "order_created_v2", "order_created", True),
        ("LIKE", "orderXcreated", "order_created", False),
        ("LIKE", "Hello World", "h%d", True),
        ("LIKE", "Hello World", "h%o", False),
        ("LIKE", "abcabc", "%b%c", True),
        ("LIKE", "ab", "a%b%", True),
        ("LIKE", "a", "a%a", False),
        ("LIKE", 12345, "234", True),
        ("NOT_LIKE", "Hello World", "moon", True),
        ("NOT_LIKE", "Hello World", "WORLD", False),
    ],
)
def test_operator(operator: str, actual: Any, expected: Any, outcome: bool) -> None:
    assert check(operator, actual, expected) is outcome


def test_is_defined_is_true_for_any_present_value_even_null() -> None:
    rule = [group({"field": "x", "operator": "IS_DEFINED"})]
    assert matches(rule, {"payload": {"x": None}}) is True
    assert matches(rule, {"payload": {"x": False}}) is True
    assert matches(rule, {"payload": {"y": 1}}) is False


@pytest.mark.parametrize("operator", sorted(OPERATORS - {"IS_DEFINED"}))
def test_a_missing_field_matches_only_negative_operators(operator: str) -> None:
    value = [1, 2] if "BETWEEN" in operator else "a"
    outcome = matches([group(child("missing", operator, value))], {"payload": {"x": 1}})
    assert outcome is operator.startswith("NOT_")


def test_and_needs_every_child_and_or_needs_one() -> None:
    payload = {"payload": {"plan": "pro", "seats": 5}}
    yes, no = child("plan", "EQUAL", "pro"), child("seats", "LARGER", 10)

    assert matches([group(yes, child("seats", "SMALLER", 10))], payload) is True
    assert matches([group(yes, no)], payload) is False
    assert matches([group(yes, no, value="OR")], payload) is True
    assert matches([group(no, no, value="OR")], payload) is False
    assert matches([{"children": [yes, no]}], payload) is False


def test_is_negated_inverts_a_group() -> None:
    payload = {"payload": {"plan": "pro"}}
    assert matches([group(child("plan", "EQUAL", "pro"), negated=True)], payload) is False
    assert matches([group(child("plan", "EQUAL", "free"), negated=True)], payload) is True
    assert matches([group(negated=True)], payload) is False


def test_every_group_must_match() -> None:
    payload = {"payload": {"plan": "pro", "region": "eu"}}
    pro, eu, us = child("plan", "EQUAL", "pro"), child("region", "EQUAL", "eu"), child("region", "EQUAL", "us")

    assert matches([group(pro), group(eu)], payload) is True
    assert matches([group(pro), group(us)], payload) is False


def test_no_conditions_and_empty_groups_match() -> None:
    assert matches([], {}) is True
    assert matches([group()], {"payload": {}}) is True


def test_dotted_fields_reach_into_objects_and_lists() -> None:
    context = {"payload": {"user": {"address": {"city": "Oslo"}}, "items": [{"sku": "A1"}, {"sku": "B2"}]}}

    assert matches([group(child("user.address.city", "EQUAL", "Oslo"))], context) is True
    assert matches([group(child("items.1.sku", "EQUAL", "B2"))], context) is True
    assert matches([group(child("items.2.sku", "IS_DEFINED", None))], context) is False
    assert matches([group(child("user.address.city.name", "IS_DEFINED", None))], context) is False
    assert matches([group(child("user.address", "IS_DEFINED", None))], context) is True


def test_a_literal_dotted_key_is_not_a_path() -> None:
    assert matches([group(child("a.b", "IS_DEFINED", None))], {"payload": {"a.b": 1}}) is False


def test_on_selects_the_source_and_defaults_to_payload() -> None:
    context = {"payload": {"plan": "free"}, "subscriber": {"plan": "pro"}, "tenant": {"plan": "team"}}

    assert matches([group(child("plan", "EQUAL", "free"))], context) is True
    assert matches([group(child("plan", "EQUAL", "pro", on="subscriber"))], context) is True
    assert matches([group(child("plan", "EQUAL", "team", on="tenant"))], context) is True
    assert matches([group(child("plan", "EQUAL", "pro", on="tenant"))], context) is False
    assert matches([group(child("plan", "EQUAL", "pro", on="subscriber"))], {"payload": {"plan": "pro"}}) is False


def test_a_huge_integer_compares_without_error() -> None:
    assert check("LARGER", 10**400, 5) is False
    assert check("EQUAL", 10**400, 10**400) is True


# --- robustness ------------------------------------------------------------------------------------

# Keys come mostly from a few names, so that generated fields often find a value to compare.
keys = st.sampled_from(["a", "b", "0", "1", "x"]) | st.text(min_size=1, max_size=4)
edge_numbers = st.sampled_from([10**400, -(10**400), "1e400", "nan", "inf", "-0", "1_000"])
json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | edge_numbers
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=10,
)
field_names = st.lists(keys, min_size=1, max_size=3)
sources = st.dictionaries(keys, json_values, max_size=5) | json_values


@st.composite
def valid_children(draw: st.DrawFn) -> dict[str, Any]:
    operator = draw(st.sampled_from(sorted(OPERATORS)))
    out: dict[str, Any] = {"field": ".".join(draw(field_names)), "operator": operator}
    if operator in {"BETWEEN", "NOT_BETWEEN"}:
        out["value"] = draw(st.lists(json_scalars.filter(lambda v: v is not None), min_size=2, max_size=2))
    elif operator != "IS_DEFINED":
        out["value"] = draw(json_scalars.filter(lambda v: v is not None) | st.lists(json_values, max_size=3))
    if draw(st.booleans()):
        out["on"] = draw(st.sampled_from(["payload", "subscriber", "tenant"]))
    return out


@st.composite
def valid_conditions(draw: st.DrawFn) -> list[dict[str, Any]]:
    groups = []
    for _ in range(draw(st.integers(0, 3))):
        found: dict[str, Any] = {"children": draw(st.lists(valid_children(), max_size=4))}
        if draw(st.booleans()):
            found["value"] = draw(st.sampled_from(["AND", "OR"]))
        if draw(st.booleans()):
            found["isNegated"] = draw(st.booleans())
        groups.append(found)
    return groups


@settings(max_examples=120, deadline=None)
@given(
    conditions=valid_conditions(),
    context=st.fixed_dictionaries({}, optional=dict.fromkeys(["payload", "subscriber", "tenant"], sources)),
)
@example(conditions=[group(child("a", "LARGER", 5))], context={"payload": {"a": 10**400}})
@example(conditions=[group(child("a", "BETWEEN", [10**400, "nan"]))], context={"payload": {"a": 1.5}})
@example(conditions=[group(child("a.0", "LIKE", "%_%"))], context={"payload": {"a": [{"b": None}]}})
@example(conditions=[group(child("a.\u00b9", "IS_DEFINED", None))], context={"payload": {"a": [1, 2]}})
def test_matches_never_raises_on_json_like_payloads(conditions: list[dict[str, Any]], context: dict) -> None:
    assert validate(conditions) == []
    assert matches(conditions, context) in (True, False)


@settings(max_examples=120, deadline=None)
@given(
    conditions=json_values
    | st.lists(st.dictionaries(st.sampled_from(["children", "value", "type", "isNegated"]), json_values))
)
def test_validate_never_raises_on_any_json(conditions: Any) -> None:
    problems = validate(conditions)
    assert all(problem.path.startswith("conditions") and problem.message for problem in problems)
