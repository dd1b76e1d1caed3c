"""Small helpers the console's pages share: query text, resource pickers, credential status."""

from __future__ import annotations

from fastapi import Request

from interlink.core.errors import invalid
from interlink.sdk import Manifest, PropertyType, ResourceKind
from interlink.services import places
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView
from interlink.services.resources import ResourceView

MAX_QUERY = 200


def query(request: Request, name: str, limit: int = MAX_QUERY) -> str:
    """A query parameter as trimmed text ('' when absent); too long is a 422 naming it."""
    value = request.query_params.get(name, "").strip()
    if len(value) > limit or "\x00" in value:
        raise invalid(name, f"must be at most {limit} characters of text")
    return value


async def pickable(hub: Hub, caller: Caller, manifest: Manifest | None = None) -> list[ResourceView]:
    """Places and Things to offer in pickers (the first 200 of each); none when the type maps no resource."""
    if manifest is not None and not any(p.type is PropertyType.RESOURCE for p in manifest.properties):
        return []
    found = [
        ResourceView(f"places/{p.id}", ResourceKind.PLACE, p.id, p.name, p.address)
        for p in (await places.list_places(hub, caller, parent_id=None, cursor=None, limit=200)).rows
    ]
    found += [
        ResourceView(f"places/{t.place_id}/things/{t.id}", ResourceKind.THING, t.id, t.name, t.kind)
        for t in (await places.list_things(hub, caller, place_id=None, kind=None, cursor=None, limit=200)).rows
    ]
    return found


def credential_status(manifest: Manifest | None, record: IntegrationView) -> tuple[str, str]:
    """(css class, words) saying whether the secrets the type needs are stored; never a value."""
    if manifest is None:
        return "warn", "type no longer in the catalog"
    secrets = [p for p in manifest.properties if p.secret]
    if not secrets:
        return "muted", "none needed"
    stored = set(record.credential_keys)
    values = {**record.properties, **dict.fromkeys(stored, "set")}
    missing = [p.label or p.key for p in secrets if p.is_required(values) and p.key not in stored]
    if missing:
        return "bad", "missing: " + ", ".join(missing)
    if stored:
        return "ok", "stored: " + ", ".join(_label(manifest, key) for key in sorted(stored))
    return "muted", "none stored"


def _label(manifest: Manifest, key: str) -> str:
    prop = manifest.prop(key)
    return (prop.label or key) if prop else key
