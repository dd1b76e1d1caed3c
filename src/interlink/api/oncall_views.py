"""How account users, teams and routers look in the native API: camelCase JSON."""

from __future__ import annotations

from typing import Any

from interlink.core.timeutil import iso
from interlink.services.oncall import RouterView, TeamView, UserView


def _common(record: UserView | TeamView | RouterView) -> dict[str, Any]:
    return {
        "environmentId": record.environment_id,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


def user(record: UserView) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "email": record.email,
        "contactMethods": record.contact_methods,
        **_common(record),
    }


def team(record: TeamView) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "memberIds": record.member_ids,
        "layers": record.layers,
        **_common(record),
    }


def router(record: RouterView) -> dict[str, Any]:
    return {"id": record.id, "name": record.name, "enabled": record.enabled, "rules": record.rules, **_common(record)}
