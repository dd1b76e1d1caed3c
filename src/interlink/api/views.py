"""How records look in the native API: camelCase JSON, no secret values."""

from __future__ import annotations

from typing import Any

from interlink.api.alert_views import inbound_url
from interlink.core.timeutil import iso
from interlink.sdk import Manifest, Property
from interlink.services.actions import ActionView
from interlink.services.audit import AuditView
from interlink.services.catalog import CatalogEntry
from interlink.services.integration_view import IntegrationView
from interlink.services.mappings import MappingView
from interlink.services.messages import AttemptView, MessageView
from interlink.services.places import PlaceView, ThingView
from interlink.services.resources import ResourceView


def integration(record: IntegrationView) -> dict[str, Any]:
    """An integration; ``credentials`` says which secret keys are set, never their values."""
    return {
        "id": record.id,
        "name": record.name,
        "identifier": record.identifier,
        "type": record.type,
        "channel": record.channel,
        "direction": record.direction,
        "properties": record.properties,
        "credentials": credentials_set(record.credential_keys),
        "metadata": record.metadata,
        "active": record.active,
        "primary": record.is_primary,
        "priority": record.priority,
        "conditions": record.conditions,
        "environmentId": record.environment_id,
        "organizationId": record.organization_id,
        "deleted": record.deleted,
        "deletedAt": iso(record.deleted_at),
        "deletedBy": record.deleted_by,
        "credentialStatus": record.credential_status,
        "credentialCheckedAt": record.credential_checked_at,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
        **inbound_url(record),
    }


def credentials_set(keys: list[str]) -> dict[str, Any]:
    """``{key: "set"}`` per secret key; a secret header map shows ``{name: "set"}`` per header it holds."""
    out: dict[str, Any] = {}
    for key in keys:
        base, _, name = key.partition(":")
        if name:
            named = out[base] = out[base] if isinstance(out.get(base), dict) else {}
            named[name] = "set"
        else:
            out.setdefault(base, "set")
    return out


def generated_credentials(record: IntegrationView) -> dict[str, Any]:
    """Secrets Interlink generated for a new integration: in the create response, once, and nowhere else."""
    return {"generatedCredentials": dict(record.revealed_secrets)} if record.revealed_secrets else {}


def prop(item: Property) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": item.key,
        "type": item.type.value,
        "label": item.label or item.key,
        "description": item.description,
        "required": item.required,
        "editable": item.editable,
        "secret": item.secret,
        "mapsToResource": item.maps_to.value if item.maps_to else None,
    }
    if item.default is not None:
        out["default"] = item.default
    if item.choices:
        out["choices"] = list(item.choices)
    if item.required_when:
        out["requiredWhen"] = {"property": item.required_when[0], "in": list(item.required_when[1])}
    return out


def catalog_entry(entry: CatalogEntry, *, with_properties: bool = False) -> dict[str, Any]:
    manifest: Manifest = entry.manifest
    out: dict[str, Any] = {
        "type": manifest.id,
        "name": manifest.name,
        "description": manifest.description,
        "direction": manifest.direction.value,
        "channel": manifest.channel.value,
        "availability": manifest.availability.value,
        "available": entry.available,
        "actions": [a.value for a in manifest.actions],
        "docsUrl": manifest.docs_url or None,
    }
    if entry.message:
        out["message"] = entry.message
    if with_properties:
        out["properties"] = [prop(p) for p in manifest.properties]
    return out


def place(record: PlaceView) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "parentId": record.parent_id,
        "address": record.address,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "timezone": record.timezone,
        "metadata": record.metadata_,
        "path": f"places/{record.id}",
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


def thing(record: ThingView) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "kind": record.kind,
        "placeId": record.place_id,
        "metadata": record.metadata_,
        "path": f"places/{record.place_id}/things/{record.id}",
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


def resource(item: ResourceView) -> dict[str, Any]:
    return {"path": item.path, "type": item.kind.value, "id": item.id, "name": item.name, "detail": item.detail}


def mapping(record: MappingView) -> dict[str, Any]:
    return {
        "id": record.id,
        "integrationId": record.integration_id,
        "externalId": record.external_id,
        "resourcePath": record.resource_path,
        "resourceType": "thing" if record.thing_id else "place",
        "createdAt": iso(record.created_at),
    }


def audit_event(record: AuditView) -> dict[str, Any]:
    return {
        "id": record.id,
        "action": record.action,
        "actor": record.actor,
        "targetType": record.target_type,
        "targetId": record.target_id,
        "changes": record.changes,
        "traceId": record.trace_id,
        "createdAt": iso(record.created_at),
    }


def message_accepted(record: MessageView) -> dict[str, Any]:
    return {"id": record.id, "status": record.status, "channel": record.channel, "traceId": record.trace_id}


def attempt(record: AttemptView) -> dict[str, Any]:
    return {
        "number": record.number,
        "integrationId": record.integration_id,
        "outcome": record.outcome,
        "statusCode": record.status_code,
        "detail": record.detail,
        "responseExcerpt": record.response_excerpt,
        "providerMessageId": record.provider_message_id,
        "durationMs": record.duration_ms,
        "nextAttemptAt": iso(record.next_attempt_at),
        "at": iso(record.created_at),
    }


def message(record: MessageView, attempts: list[AttemptView] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": record.id,
        "channel": record.channel,
        "status": record.status,
        "to": record.recipient,
        "subject": record.subject,
        "text": record.text,
        "html": record.html,
        "eventType": record.event_type,
        "payload": record.payload,
        "metadata": record.metadata_,
        "integrationId": record.integration_id,
        "requestedIntegrationId": record.requested_integration_id,
        "attemptCount": record.attempts,
        "lastError": record.last_error,
        "nextAttemptAt": iso(record.run_at) if record.status == "queued" else None,
        "traceId": record.trace_id,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
        "deliveredAt": iso(record.delivered_at),
    }
    if attempts is not None:
        out["attempts"] = [attempt(a) for a in attempts]
    return out


def action(record: ActionView) -> dict[str, Any]:
    return {
        "id": record.id,
        "integrationId": record.integration_id,
        "action": record.action,
        "status": record.status,
        "input": record.input,
        "result": record.result or None,
        "traceId": record.trace_id,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }
