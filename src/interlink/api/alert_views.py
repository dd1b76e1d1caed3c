"""How alerts, their timelines and inbound events look in the native API."""

from __future__ import annotations

from typing import Any

from interlink.core.timeutil import iso
from interlink.services.alert_hooks import AlertView
from interlink.services.alerts import TimelineEntry
from interlink.services.inbound_events import inbound_path
from interlink.services.integration_view import IntegrationView


def inbound_url(record: IntegrationView) -> dict[str, Any]:
    """``inboundUrl`` for an integration that receives webhooks (its token is the address, not a credential)."""
    path = inbound_path(record)
    return {"inboundUrl": path} if path is not None else {}


def alert(item: AlertView, timeline: list[TimelineEntry] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "urgency": item.urgency,
        "status": item.status,
        "thirdPartyId": item.third_party_id,
        "dedupKeys": list(item.dedup_keys),
        "tags": list(item.tags),
        "additionalData": list(item.additional_data),
        "count": item.count,
        "integrationId": item.integration_id,
        "inboundEventIds": list(item.inbound_event_ids),
        "traceId": item.trace_id,
        "environmentId": item.environment_id,
        "createdAt": iso(item.created_at),
        "updatedAt": iso(item.updated_at),
        "acknowledgedAt": iso(item.acknowledged_at),
        "resolvedAt": iso(item.resolved_at),
        "droppedAt": iso(item.dropped_at),
    }
    if timeline is not None:
        out["timeline"] = [timeline_entry(e) for e in timeline]
    return out


def timeline_entry(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "actor": entry.actor,
        "detail": entry.detail,
        "inboundEventId": entry.inbound_event_id,
        "traceId": entry.trace_id,
        "at": iso(entry.created_at),
    }
