"""The native ``/v2`` HTTP API: translates requests into service calls and results into JSON."""

from __future__ import annotations

from fastapi import FastAPI

from interlink.api import fast_reads, hooks
from interlink.api.routes import (
    alert_links,
    alerts,
    audit,
    catalog,
    dead_targets,
    inbound,
    inbox,
    integrations,
    messages,
    oncall,
    places,
    recipients,
    resources,
    telemetry,
    traces,
)

HooksFirst = hooks.HooksFirst
FastReads = fast_reads.FastReads


def install(app: FastAPI) -> None:
    """Add every ``/v2`` route; telemetry first, because its action routes are more specific than messages'."""
    for module in (telemetry, catalog, resources, integrations, messages, places, audit, inbox):
        app.include_router(module.router)
    for module in (alerts, inbound, traces, oncall, alert_links, recipients, dead_targets):
        app.include_router(module.router)
