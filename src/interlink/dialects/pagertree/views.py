"""How records and errors look on the PagerTree face: snake_case objects, ``{data, has_more, total_count}``
lists and ``{errors: [{message}], code}`` errors."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from interlink.core.timeutil import iso
from interlink.dialects.base import Failure, property_key
from interlink.dialects.pagertree import types
from interlink.dialects.pagertree.params import DESTINATIONS, bare
from interlink.sdk import Manifest
from interlink.services.inbound_events import inbound_path
from interlink.services.integration_view import IntegrationView
from interlink.services.oncall import RouterView, TeamView, UserView

_DESTINATION_NAMES = {key: name for name, (_, key) in DESTINATIONS.items()}


def _common(record: Any, account_id: str) -> dict[str, Any]:
    return {
        "id": bare(record.id),
        "prefix_id": record.id,
        "account_id": account_id,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
        "meta": {},
    }


def integration_type(manifest: Manifest) -> dict[str, Any]:
    """A type: its ULID, name, Interlink's key for it, and the ``option_*`` parameters it takes."""
    options = [
        {
            "key": types.option_name(p.key),
            "type": p.type.value,
            "label": p.label or p.key,
            "required": p.required,
            "secret": p.secret,
            "default": p.default,
        }
        for p in types.options_of(manifest)
    ]
    type_id = types.type_id(manifest.id)
    return {
        "id": type_id,
        "prefix_id": f"itp_{type_id}",
        "name": manifest.name,
        "key": manifest.id,
        "description": manifest.description,
        "supports_incoming": True,
        "options": options,
    }


def integration(record: IntegrationView, manifest: Manifest) -> dict[str, Any]:
    """The Integration Object, plus ``inbound_url`` (where the source posts); secret options are write-only."""
    props = record.properties or {}
    shown = {types.option_name(p.key)[7:]: props[p.key] for p in types.options_of(manifest) if p.key in props}
    return {
        **_common(record, record.environment_id),
        "name": record.name,
        "enabled": record.active,
        "urgency": props.get("urgency", "medium"),
        "integration_type_id": types.type_id(manifest.id),
        "integration_type": integration_type(manifest),
        "options": shown,
        **{name: [bare(i) for i in props.get(key) or []] for key, name in _DESTINATION_NAMES.items()},
        "inbound_url": inbound_path(record),
    }


def account_user(record: UserView) -> dict[str, Any]:
    return {
        **_common(record, record.environment_id),
        "name": record.name,
        "email": record.email,
        "contact_methods": record.contact_methods,
    }


def team(record: TeamView) -> dict[str, Any]:
    layers = [
        {
            "account_user_ids": [bare(u) for u in layer["userIds"]],
            "delay_minutes": layer["delayMinutes"],
            "repeat": layer["repeat"],
        }
        for layer in record.layers
    ]
    return {
        **_common(record, record.environment_id),
        "name": record.name,
        "member_account_user_ids": [bare(u) for u in record.member_ids],
        "escalation_layers": layers,
    }


def router(record: RouterView) -> dict[str, Any]:
    return {
        **_common(record, record.environment_id),
        "name": record.name,
        "enabled": record.enabled,
        "rules": record.rules,
    }


def listing(rows: list[dict[str, Any]], total: int, offset: int) -> dict[str, Any]:
    return {"data": rows, "has_more": offset + len(rows) < total, "total_count": total}


def field_name(path: str) -> str:
    """A service's field path in PagerTree's parameter names (``properties.teamIds[0]`` → ``team_ids[0]``)."""
    key = property_key(path)
    if key is None:
        return path
    rest = path.split(key, 1)[1]
    name = _DESTINATION_NAMES.get(key) or ("urgency" if key == "urgency" else types.option_name(key))
    return name + rest


def render_error(request: Request, failure: Failure) -> Response:
    """``{"errors": [{"message": "name can't be blank"}], "code": 422}``; a 405 keeps its complete ``Allow``."""
    status = failure.status
    if failure.errors:
        messages = [f"{field_name(e.path)} {e.message}" for e in failure.errors]
    elif failure.from_router and status == 404:
        messages = ["Not Found"]
    else:
        messages = [failure.detail]
    body = {"errors": [{"message": m} for m in messages], "code": status}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=failure.headers)
