"""PagerTree's request parameters: the permitted ones, its required ones, ids with or without their prefix.

Like Rails' ``params.permit``, parameters PagerTree does not permit are ignored, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Query

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
DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 10, 100, 1_000_000_000


def bare(record_id: str) -> str:
    """PagerTree's ``id`` of a record: the ULID without Interlink's prefix (``prefix_id`` keeps it)."""
    return record_id.partition("_")[2] or record_id


def full(value: Any, prefix: str) -> Any:
    """Interlink's id for a PagerTree id given with or without its prefix; anything else is left to fail later."""
    if isinstance(value, str) and not is_id(value, prefix) and is_id(f"{prefix}_{value.upper()}", prefix):
        return f"{prefix}_{value.upper()}"
    return value


@dataclass(frozen=True)
class Paging:
    """The rows a PagerTree list request asks for."""

    limit: int
    offset: int


def paging(
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page (1 to {MAX_LIMIT})"),
    offset: int | None = Query(None, ge=0, le=MAX_OFFSET, description="Rows to skip; takes precedence over page"),
    page: int = Query(1, ge=1, le=MAX_OFFSET // MAX_LIMIT, description="The page of limit rows, from 1"),
) -> Paging:
    """PagerTree's own pagination: ``limit`` with ``offset`` or ``page``; out-of-range values are 422s."""
    return Paging(limit, offset if offset is not None else (page - 1) * limit)


PagingDep = Annotated[Paging, Depends(paging)]


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
