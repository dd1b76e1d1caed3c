"""How account users, teams and routers look in the native API: camelCase JSON."""

from __future__ import annotations

from typing import Any

from interlink.core.timeutil import iso
from interlink.store.paging_tables import AccountUser, Router, Team


def _common(record: AccountUser | Team | Router) -> dict[str, Any]:
    return {
        "environmentId": record.environment_id,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


def user(record: AccountUser) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "email": record.email,
        "contactMethods": record.contact_methods,
        **_common(record),
    }


def team(record: Team) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "memberIds": record.member_ids,
        "layers": record.layers,
        **_common(record),
    }


def router(record: Router) -> dict[str, Any]:
    return {"id": record.id, "name": record.name, "enabled": record.enabled, "rules": record.rules, **_common(record)}
