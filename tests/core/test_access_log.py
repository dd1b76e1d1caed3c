"""The access line written straight to the JSON handler reads exactly as a logged record would."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from interlink.core import logs
from interlink.core.tracing import reset_trace_id, set_trace_id


@pytest.fixture
def stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Interlink's logging configured as ``interlink serve`` does, into a string; put back afterwards."""
    root = logging.getLogger("interlink")
    saved = (root.handlers[:], root.level, root.propagate, logs._json_handler)
    out = io.StringIO()
    monkeypatch.setattr("sys.stderr", out)
    logs.configure("INFO")
    yield out
    root.handlers[:], root.level, root.propagate, logs._json_handler = saved


def _without_time(line: str) -> dict[str, object]:
    found = json.loads(line)
    assert found.pop("time").endswith("Z")
    return found  # type: ignore[no-any-return]


def test_the_direct_line_matches_the_logged_record(stream: io.StringIO) -> None:
    token = set_trace_id("4bf92f3577b34da6a3ce929d0e0e4736")
    try:
        logs.access("GET", "/v2/integrations", 200, 1.25)
        logging.getLogger("interlink.http").info(
            "request", extra={"method": "GET", "path": "/v2/integrations", "status": 200, "ms": 1.25}
        )
    finally:
        reset_trace_id(token)
    direct, logged = stream.getvalue().splitlines()
    assert _without_time(direct) == _without_time(logged)
    assert _without_time(direct) == {
        "level": "info",
        "logger": "interlink.http",
        "message": "request",
        "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
        "method": "GET",
        "path": "/v2/integrations",
        "status": 200,
        "ms": 1.25,
    }


def test_another_handler_still_sees_every_access_line(stream: io.StringIO) -> None:
    seen: list[logging.LogRecord] = []
    extra = logging.Handler()
    extra.emit = seen.append  # type: ignore[method-assign]
    logging.getLogger("interlink").addHandler(extra)
    logs.access("POST", "/v2/messages", 202, 3.5)
    assert [(r.getMessage(), r.__dict__["path"]) for r in seen] == [("request", "/v2/messages")]
    assert json.loads(stream.getvalue())["path"] == "/v2/messages"


def test_no_line_below_the_configured_level(stream: io.StringIO) -> None:
    logging.getLogger("interlink").setLevel(logging.WARNING)
    logs.access("GET", "/healthz", 200, 0.1)
    assert stream.getvalue() == ""
