"""Prometheus metrics of one process, on a registry of its own so tests and apps never share counters by accident."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

_LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "interlink_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "interlink_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["method", "route"],
    buckets=_LATENCY,
    registry=REGISTRY,
)
MESSAGES_ACCEPTED = Counter(
    "interlink_messages_accepted", "Messages committed for delivery, by channel.", ["channel"], registry=REGISTRY
)
DELIVERIES = Counter(
    "interlink_deliveries",
    "Delivery attempts, by provider type and outcome (delivered, retry, failed).",
    ["provider", "outcome"],
    registry=REGISTRY,
)
DELIVERY_LATENCY = Histogram(
    "interlink_delivery_duration_seconds",
    "Time one delivery attempt took, by provider type.",
    ["provider"],
    buckets=_LATENCY,
    registry=REGISTRY,
)
RETRIES_SCHEDULED = Counter(
    "interlink_retries_scheduled",
    "Deliveries put back on the queue to be tried again later.",
    ["provider"],
    registry=REGISTRY,
)
INBOUND_REQUESTS = Counter(
    "interlink_inbound_requests",
    "Inbound webhook requests, by source type and outcome.",
    ["source", "outcome"],
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "interlink_queue_depth", "Rows waiting in a queue (queued or being worked on).", ["queue"], registry=REGISTRY
)
QUEUE_OLDEST_AGE = Gauge(
    "interlink_queue_oldest_age_seconds",
    "Age of the oldest row due in a queue; 0 when none is due.",
    ["queue"],
    registry=REGISTRY,
)
BREAKERS_OPEN = Gauge(
    "interlink_circuit_breakers_open",
    "Integrations whose circuit is open in this process's workers.",
    registry=REGISTRY,
)


class _HasBreakers(Protocol):
    @property
    def breakers(self) -> Mapping[str, object]: ...


_guards: weakref.WeakValueDictionary[int, _HasBreakers] = weakref.WeakValueDictionary()


def watch_breakers(guards: _HasBreakers) -> None:
    """Count ``guards``' open circuits in ``interlink_circuit_breakers_open`` for as long as it lives."""
    _guards[id(guards)] = guards


def _open_breakers() -> float:
    states: Iterable[object] = (b for g in list(_guards.values()) for b in g.breakers.values())
    return float(sum(1 for b in states if getattr(b, "state", "closed") == "open"))


BREAKERS_OPEN.set_function(_open_breakers)
