"""Picking points out of JSON records with JMESPath, shared by the JSON polling and MQTT sources."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError
from jmespath.parser import ParsedResult
from jmespath.visitor import TreeInterpreter

from interlink.sdk.pulling import Point

EXPRESSION_KEYS = ("itemsPath", "externalIdPath", "timePath", "metricPath", "valuePath", "unitPath")


class RecordError(ValueError):
    """A record the mapping cannot turn into points; the message names the record and the field."""


class Expression:
    """A compiled JMESPath expression; plain field paths (``a.b``) are looked up directly, the common case."""

    _interpreter = TreeInterpreter()

    def __init__(self, parsed: ParsedResult) -> None:
        self.parsed = parsed
        self.fields = _field_path(parsed.parsed)

    def search(self, value: Any) -> Any:
        if self.fields is None:
            return self._interpreter.visit(self.parsed.parsed, value)
        for name in self.fields:
            if not isinstance(value, dict):
                return None
            value = value.get(name)
        return value


def _field_path(node: Any) -> tuple[str, ...] | None:
    if node["type"] == "field":
        return (node["value"],)
    if node["type"] == "subexpression":
        parts = [_field_path(child) for child in node["children"]]
        if all(part is not None for part in parts):
            return tuple(name for part in parts for name in part or ())
    return None


def compile_expression(text: str) -> Expression:
    """Compile one JMESPath expression, or raise ``ValueError`` saying why it is not one."""
    try:
        return Expression(jmespath.compile(text))
    except JMESPathError as exc:
        raise ValueError(f"is not a JMESPath expression: {str(exc).splitlines()[0]}") from None


def expression_problems(config: Mapping[str, Any], keys: tuple[str, ...] = EXPRESSION_KEYS) -> dict[str, str]:
    """The configured expressions that do not compile, and the values map that is not a map of expressions."""
    found: dict[str, str] = {}
    for key in keys:
        text = config.get(key)
        if isinstance(text, str) and text:
            try:
                compile_expression(text)
            except ValueError as exc:
                found[key] = str(exc)
    values = config.get("values")
    if values is not None:
        if not isinstance(values, dict) or not all(isinstance(v, str) and v for v in values.values()):
            found["values"] = "must map metric names to JMESPath expressions"
        else:
            for metric, text in values.items():
                try:
                    compile_expression(text)
                except ValueError as exc:
                    found["values"] = f"{metric}: {exc}"
    if not config.get("valuePath") and not values:
        found["valuePath"] = "is required unless values maps metrics to expressions"
    return found


def parse_time(value: Any) -> datetime:
    """Epoch seconds (or milliseconds, when too large for seconds) or ISO 8601; a time without offset is UTC."""
    if isinstance(value, bool):
        raise ValueError("is not a time")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError("is not a time")
        seconds = value / 1000 if abs(value) > 100_000_000_000 else value
        return datetime.fromtimestamp(seconds, UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not an ISO 8601 time or epoch seconds") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise ValueError("is missing or not a time")


def number(value: Any) -> float | None:
    """A finite number, None for null (a gap), or ``ValueError``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("is not a number")
    try:
        result = float(value)
    except ValueError:
        raise ValueError(f"{str(value)[:40]!r} is not a number") from None
    if not math.isfinite(result):
        raise ValueError("is not a finite number")
    return result


@dataclass(frozen=True)
class RecordMapping:
    """Expressions that pick external id, time, metric(s), value(s) and unit from each record."""

    items: Expression | None
    external_id: Expression | None
    time: Expression | None
    value: Expression | None
    metric: Expression | None
    metric_name: str
    unit: Expression | None
    unit_name: str | None
    values: dict[str, Expression]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RecordMapping:
        def expr(key: str) -> Expression | None:
            text = config.get(key)
            return compile_expression(text) if isinstance(text, str) and text else None

        return cls(
            items=expr("itemsPath"),
            external_id=expr("externalIdPath"),
            time=expr("timePath"),
            value=expr("valuePath"),
            metric=expr("metricPath"),
            metric_name=str(config.get("metric") or "value"),
            unit=expr("unitPath"),
            unit_name=config.get("unit") or None,
            values={k: compile_expression(v) for k, v in (config.get("values") or {}).items()},
        )

    def records(self, document: Any) -> list[Any]:
        """The records of a document: what ``itemsPath`` selects, or the document (a list, or one record)."""
        found = self.items.search(document) if self.items else document
        if found is None:
            return []
        return found if isinstance(found, list) else [found]

    def points(self, record: Any, index: int, *, default_id: str | None = None, now: datetime) -> list[Point]:
        """The points of one record; ``RecordError`` names the record and what is wrong with it."""
        try:
            return self._points(record, default_id, now)
        except ValueError as exc:
            raise RecordError(f"record {index}: {exc}") from None

    def _points(self, record: Any, default_id: str | None, now: datetime) -> list[Point]:
        raw_id = self.external_id.search(record) if self.external_id else default_id
        if raw_id is None or isinstance(raw_id, dict | list | bool) or raw_id == "":
            raise ValueError("externalId is missing")
        external_id = str(raw_id)[:200]
        when = now
        if self.time is not None:
            try:
                when = parse_time(self.time.search(record))
            except ValueError as exc:
                raise ValueError(f"time {exc}") from None
        unit = self.unit.search(record) if self.unit else self.unit_name
        unit = str(unit)[:32] if unit is not None else None
        picks: list[tuple[str, Any]] = []
        if self.value is not None:
            metric = self.metric.search(record) if self.metric else self.metric_name
            if metric is None or metric == "" or isinstance(metric, dict | list):
                raise ValueError("metric is missing")
            picks.append((str(metric)[:100], self.value.search(record)))
        picks.extend((name, expr.search(record)) for name, expr in self.values.items())
        out: list[Point] = []
        for metric, raw in picks:
            try:
                value = number(raw)
            except ValueError as exc:
                raise ValueError(f"value of {metric} {exc}") from None
            if value is not None:
                out.append(Point(external_id, metric, when, value, unit))
        return out
