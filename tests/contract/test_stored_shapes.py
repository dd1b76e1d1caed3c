"""The invariant behind the input limits, as properties: what is accepted can be stored and shown, and
whatever is stored (even from before the limits) renders without failing."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.api import views
from interlink.core import jsonsafe
from interlink.core.timeutil import utcnow
from interlink.http_kit.http import FastJSON
from interlink.services.integration_view import IntegrationView
from interlink.store.tables import Integration, Message

ODD_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\udfffb"]),  # unpaired surrogates
)


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


JSON_VALUES = st.one_of(
    st.recursive(
        ODD_SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=30,
    ),
    st.integers(min_value=0, max_value=1200).map(_deep),
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_every_stored_shape_renders(value: Any) -> None:
    """A stored message or integration renders in every response, whatever its JSON fields hold."""
    now = utcnow()
    message = Message(id="msg_x", channel="webhook", status="failed", payload=value, metadata_=value)
    message.recipient, message.created_at, message.updated_at = value, now, now
    integration = Integration(id="int_x", name="x", type="webhook", channel="webhook", direction="EGRESS")
    integration.properties, integration.metadata_, integration.conditions = value, value, value
    integration.credential_keys, integration.created_at, integration.updated_at = [], now, now
    for shown in (views.message(message, []), views.integration(IntegrationView.of(integration))):
        rendered = orjson.loads(FastJSON({"data": [shown]}).body)
        assert rendered["data"][0]["id"] in {"msg_x", "int_x"}


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_what_the_input_check_lets_through_is_stored_and_rendered_exactly(value: Any) -> None:
    try:
        raw = json.dumps({"payload": value}).encode("utf-8")
    except (RecursionError, UnicodeEncodeError, ValueError):
        return
    if jsonsafe.parse_problem(raw) is not None:
        return
    accepted = json.loads(raw)  # what a route reads
    wrapped = {"data": [{"payload": accepted["payload"]}]}
    assert orjson.loads(orjson.dumps(wrapped)) == _normalised(wrapped)


def _normalised(value: Any) -> Any:
    """What a JSON round trip keeps (floats compare by value, -0.0 == 0.0)."""
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    assert not (isinstance(value, float) and not math.isfinite(value))
    return value
