"""Structured JSON log lines, each carrying the current trace id."""

from __future__ import annotations

import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any

import orjson

from interlink.core.tracing import current_trace_id

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
_ROOT = logging.getLogger("interlink")
_ACCESS = logging.getLogger("interlink.http")
_json_handler: logging.StreamHandler[Any] | None = None  # the handler ``configure`` installed, when JSON


def _timestamp(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, trace id and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        trace_id = getattr(record, "trace_id", None) or current_trace_id()
        if trace_id:
            line["traceId"] = trace_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key != "trace_id":
                line[key] = value
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def configure(level: str = "INFO", json_lines: bool = True) -> None:
    """Send Interlink's logs to stderr, as JSON lines unless told otherwise."""
    global _json_handler
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s %(message)s"))
    _ROOT.handlers[:] = [handler]
    _ROOT.setLevel(level)
    _ROOT.propagate = False
    _json_handler = handler if json_lines else None


def access(method: str, path: str, status: int, ms: float) -> None:
    """One access line per request, as ``JsonFormatter`` would write it but without building a log record.

    A record costs about 30 µs (most of it gathering fields these lines never show); every request pays it,
    so while the JSON handler ``configure`` installed is the only one, the line is written to it directly.
    Any other set-up (plain text, extra handlers) gets an ordinary record.
    """
    if not _ACCESS.isEnabledFor(logging.INFO):
        return
    handler = _json_handler
    if handler is None or _ROOT.handlers != [handler] or _ACCESS.handlers or not _ACCESS.propagate:
        _ACCESS.info("request", extra={"method": method, "path": path, "status": status, "ms": ms})
        return
    line: dict[str, Any] = {"time": _timestamp(time.time()), "level": "info", "logger": _ACCESS.name}
    line["message"] = "request"
    trace_id = current_trace_id()
    if trace_id:
        line["traceId"] = trace_id
    line.update(method=method, path=path, status=status, ms=ms)
    text = orjson.dumps(line, default=str).decode() + handler.terminator
    handler.acquire()
    try:
        handler.stream.write(text)
        handler.stream.flush()
    except (OSError, ValueError):  # a closed or full stream: let logging's own error handling have its say
        _ACCESS.info("request", extra={"method": method, "path": path, "status": status, "ms": ms})
    finally:
        handler.release()
