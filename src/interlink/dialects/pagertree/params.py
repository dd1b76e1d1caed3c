"""PagerTree's request parameters: the permitted ones, its required ones, ids with or without their prefix.

Like Rails' ``params.permit``, parameters PagerTree does not permit are ignored, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interlink.core.errors import FieldError, Unprocessable, invalid
from interlink.core.ids import is_id
from interlink.dialects.pagertree import types
from interlink.sdk import Manifest
from interlink.sdk.manifest import URGENCIES
from interlink.services.hub import Hub

DESTINATIONS = {
    "account_user_ids": ("usr", "accountUserIds"),
    "team_ids": ("team", "teamIds"),
    "router_ids": ("rtr", "routerIds"),
}
DEFAULT_LIMIT, MAX_LIMIT = 10, 100


def bare(record_id: str) -> str:
    """PagerTree's ``id`` of a record: the ULID without Interlink's prefix (``prefix_id`` keeps it)."""
    return record_id.partition("_")[2] or record_id


def full(value: Any, prefix: str) -> Any:
    """Interlink's id for a PagerTree id given with or without its prefix; anything else is left to fail later."""
    if isinstance(value, str) and not is_id(value, prefix) and is_id(f"{prefix}_{value.upper()}", prefix):
        return f"{prefix}_{value.upper()}"
    return value


def page(query: dict[str, str]) -> tuple[int, int]:
    """``limit`` (1-100, default 10) with ``offset`` (default 0) or ``page`` (default 1): returns (limit, offset)."""
    limit = _whole(query.get("limit"), "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
    if query.get("offset") is not None:
        offset = _whole(query.get("offset"), "offset", 0)
        if offset < 0:
            raise invalid("offset", "must be 0 or more")
        return limit, offset
    number = _whole(query.get("page"), "page", 1)
    if number < 1:
        raise invalid("page", "must be 1 or more")
    return limit, (number - 1) * limit


def _whole(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise invalid(name, "must be a whole number") from None


@dataclass
class IntegrationParams:
    """The permitted integration parameters that were given, translated to Interlink's names."""

    manifest: Manifest | None = None
    name: Any = None
    enabled: Any = None
    properties: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)


def integration(hub: Hub, body: dict[str, Any], *, creating: bool) -> IntegrationParams:
    """Read and check the permitted parameters; on create, PagerTree's required ones too."""
    out = IntegrationParams(given={k for k in body if k in _PERMITTED or k.startswith("option_")})
    problems: list[FieldError] = []
    if "integration_type_id" in body:
        value = body["integration_type_id"]
        out.manifest = types.by_type_id(hub, value) if isinstance(value, str) else None
        if out.manifest is None:
            problems.append(FieldError("integration_type_id", "is not a known integration type"))
    if "name" in body:
        out.name = body["name"]
    if "enabled" in body:
        out.enabled = body["enabled"]
        if not isinstance(out.enabled, bool):
            problems.append(FieldError("enabled", "must be a boolean"))
    if "urgency" in body:
        if body["urgency"] not in URGENCIES:
            problems.append(FieldError("urgency", f"must be one of {', '.join(URGENCIES)}"))
        out.properties["urgency"] = body["urgency"]
    for name, (prefix, key) in DESTINATIONS.items():
        if name in body:
            value = body[name]
            if value is None:
                value = []
            if not isinstance(value, list):
                problems.append(FieldError(name, "must be a list of ids"))
                continue
            out.properties[key] = [full(v, prefix) for v in value]
    if creating:
        problems += [
            FieldError(n, "can't be blank")
            for n in ("name", "urgency", "integration_type_id")
            if body.get(n) in (None, "")
        ]
        if not any(body.get(n) for n in DESTINATIONS):
            problems.append(
                FieldError("destinations", "at least 1 destination (account user, router or team) is required")
            )
    if problems:
        raise Unprocessable(problems[0].path + " " + problems[0].message, problems)
    return out


def options(manifest: Manifest, body: dict[str, Any]) -> dict[str, Any]:
    """The ``option_*`` parameters as the type's properties; one the type does not have is refused by name."""
    found: dict[str, Any] = {}
    for name, value in body.items():
        if not name.startswith("option_"):
            continue
        key = types.option_key(manifest, name)
        if key is None:
            raise invalid(name, f"is not an option of integration type {manifest.name}")
        found[key] = value
    return found


_PERMITTED = frozenset({"name", "enabled", "urgency", "integration_type_id", *DESTINATIONS})
