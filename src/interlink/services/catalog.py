"""The catalog as an organization sees it: which types exist and which it may use."""

from __future__ import annotations

from dataclasses import dataclass

from interlink.core.errors import FieldError, Forbidden, Unprocessable
from interlink.sdk import Availability, Direction, Manifest
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.store import tenants

CONTACT_OPERATOR = "This custom integration is not enabled for your organization; contact your Interlink operator."


@dataclass(frozen=True)
class CatalogEntry:
    """One type, with whether the caller's organization may create it (and this server can send with it)."""

    manifest: Manifest
    available: bool
    missing: str | None = None  # what this server lacks to use the type (an optional extra not installed)

    @property
    def message(self) -> str | None:
        if self.missing:
            return self.missing
        return None if self.available else CONTACT_OPERATOR


async def _enabled(hub: Hub, organization_id: str) -> set[str]:
    """The custom types this organization was enabled for (standard types need no entry)."""
    async with hub.db.read() as session:
        return await tenants.enabled_types(session, organization_id)


def _entry(manifest: Manifest, enabled: set[str]) -> CatalogEntry:
    allowed = manifest.availability is Availability.STANDARD or manifest.id in enabled
    missing = manifest.missing()
    return CatalogEntry(manifest, allowed and missing is None, missing)


async def entries(hub: Hub, caller: Caller, direction: Direction | None = None) -> list[CatalogEntry]:
    caller.require(READ)
    enabled = await _enabled(hub, caller.organization_id)
    manifests = hub.registry.by_direction(direction) if direction else list(hub.registry)
    return [_entry(m, enabled) for m in manifests]


async def entry(hub: Hub, caller: Caller, type_id: str, path: str = "type") -> CatalogEntry:
    """One type as the caller's organization sees it; reading the catalog needs the read scope."""
    caller.require(READ)
    return await _lookup(hub, caller, type_id, path)


async def _lookup(hub: Hub, caller: Caller, type_id: str, path: str) -> CatalogEntry:
    manifest = hub.registry.get(type_id)
    if manifest is None:
        raise Unprocessable(
            f"Unknown integration type {type_id!r}", [FieldError(path, f"{type_id!r} is not a type in the catalog")]
        )
    if manifest.availability is Availability.STANDARD:
        return _entry(manifest, set())  # no need to read which custom types the organization may use
    return _entry(manifest, await _enabled(hub, caller.organization_id))


async def usable(hub: Hub, caller: Caller, type_id: str, path: str = "type") -> Manifest:
    """The manifest of a type the caller may create, or 422 (unknown, or not installed here) / 403 (not enabled).

    Creating needs only the write scope, so this check does not ask for read.
    """
    found = await _lookup(hub, caller, type_id, path)
    if found.missing:
        problem = FieldError(path, found.missing)
        raise Unprocessable(f"Integration type {type_id!r} cannot be used on this server", [problem])
    if not found.available:
        raise Forbidden(CONTACT_OPERATOR)
    return found.manifest
