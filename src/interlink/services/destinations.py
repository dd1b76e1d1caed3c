"""Where an inbound alert integration sends its new alerts: account users, teams and routers of its environment."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import FieldError, Unprocessable
from interlink.sdk import Manifest
from interlink.sdk.manifest import ALERT_PROPERTIES, DESTINATION_KEYS
from interlink.services.caller import Caller
from interlink.store import oncall as store
from interlink.store.paging_tables import AccountUser, Router, Team

_KINDS: dict[str, tuple[type[AccountUser] | type[Team] | type[Router], str]] = {
    "accountUserIds": (AccountUser, "account user"),
    "teamIds": (Team, "team"),
    "routerIds": (Router, "router"),
}


def routes_alerts(manifest: Manifest) -> bool:
    """Whether the type's integrations carry destinations (inbound alert types do)."""
    return all(manifest.prop(p.key) is not None for p in ALERT_PROPERTIES)


async def check(
    session: AsyncSession, caller: Caller, manifest: Manifest, values: dict[str, Any], *, required: bool
) -> None:
    """Every named destination exists in the caller's environment; when ``required``, at least one is named.

    Natively an alert integration may have none yet (its alerts open and are recorded as paging nobody);
    PagerTree's face requires one, as PagerTree does.
    """
    if not routes_alerts(manifest):
        return
    problems: list[FieldError] = []
    for key in DESTINATION_KEYS:
        ids = values.get(key) or []
        kind, label = _KINDS[key]
        found = await store.existing_ids(session, kind, caller.environment_id, ids)
        problems += [
            FieldError(f"properties.{key}[{i}]", f"{label} {value} does not exist")
            for i, value in enumerate(ids)
            if value not in found
        ]
    if problems:
        raise Unprocessable("Some destinations do not exist", problems)
    if required and not any(values.get(key) for key in DESTINATION_KEYS):
        raise Unprocessable(
            "At least one destination (account user, team or router) is required",
            [
                FieldError(f"properties.{key}", "name at least one account user, team or router")
                for key in DESTINATION_KEYS
            ],
        )
