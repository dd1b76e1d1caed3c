"""``/api/v4/teams``, ``/api/v4/account_users`` and ``/api/v4/routers``: list, create and retrieve."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from pydantic import BaseModel
from starlette.responses import Response

from interlink.core.errors import FieldError, Unprocessable, invalid
from interlink.dialects.base import renamed_fields
from interlink.dialects.pagertree import params, schemas, views
from interlink.dialects.pagertree.routes import CallerDep, router
from interlink.http_kit.auth import hub_of
from interlink.http_kit.contract import json_body
from interlink.http_kit.http import FastJSON, json_object
from interlink.services import oncall
from interlink.services.caller import WRITE
from interlink.services.oncall import RouterView, TeamView, UserView

_PREFIX: dict[type[Any], str] = {UserView: "usr", TeamView: "team", RouterView: "rtr"}


def _required(body: dict[str, Any], *names: str) -> None:
    missing = [FieldError(n, "can't be blank") for n in names if body.get(n) in (None, "")]
    if missing:
        raise Unprocessable(f"{missing[0].path} {missing[0].message}", missing)


def _user_values(body: dict[str, Any]) -> dict[str, Any]:
    _required(body, "name", "email")
    values = {"name": body["name"], "email": body["email"]}
    if "contact_methods" in body:
        values["contactMethods"] = body["contact_methods"]
    return values


def _team_values(body: dict[str, Any]) -> dict[str, Any]:
    """Members and layers; a team given no layers pages all its members in one layer."""
    _required(body, "name")
    members = body.get("member_account_user_ids")
    if members is None:
        members = []
    elif not isinstance(members, list):
        raise invalid("member_account_user_ids", "must be a list of ids")
    members = [params.full(m, "usr") for m in members]
    layers = body.get("escalation_layers")
    if layers is None:
        layers = [{"userIds": members}] if members else []
    elif isinstance(layers, list):
        layers = [_layer(layer) for layer in layers]
    return {"name": body["name"], "memberIds": members, "layers": layers}


def _layer(layer: Any) -> Any:
    if not isinstance(layer, dict):
        return layer
    users = layer.get("account_user_ids")
    out = {"userIds": [params.full(u, "usr") for u in users] if isinstance(users, list) else users}
    for ours, theirs in (("delayMinutes", "delay_minutes"), ("repeat", "repeat")):
        if theirs in layer:
            out[ours] = layer[theirs]
    return out


def _router_values(body: dict[str, Any]) -> dict[str, Any]:
    _required(body, "name")
    return {k: body[k] for k in ("name", "enabled", "rules") if k in body}


_RENAMES = {
    "memberIds": "member_account_user_ids",
    "layers": "escalation_layers",
    "contactMethods": "contact_methods",
    "userIds": "account_user_ids",
    "delayMinutes": "delay_minutes",
}


def _rename(path: str) -> str:
    for ours, theirs in _RENAMES.items():
        path = path.replace(ours, theirs)
    return path


def _face(
    path: str,
    kind: type[Any],
    read: Callable[[dict[str, Any]], dict[str, Any]],
    view: Callable[[Any], dict[str, Any]],
    models: tuple[type[BaseModel], type[BaseModel], type[BaseModel]],
) -> None:
    """The list, create and retrieve routes of one kind; ``models`` are its list, object and create bodies."""
    listing, one, body = models

    async def list_(request: Request, who: CallerDep, paging: params.PagingDep) -> Response:
        found = await oncall.page(hub_of(request), who, kind, limit=paging.limit, offset=paging.offset)
        return FastJSON(views.listing([view(r) for r in found.rows], found.total, paging.offset))

    async def create(request: Request, who: CallerDep) -> Response:
        who.require(WRITE)
        body = await json_object(request)
        with renamed_fields(_rename):
            record = await oncall.create(hub_of(request), who, kind, read(body))
        return FastJSON(view(record), status_code=201)

    async def get(recordId: str, request: Request, who: CallerDep) -> Response:
        return FastJSON(view(await oncall.get(hub_of(request), who, kind, params.full(recordId, _PREFIX[kind]))))

    label = path.strip("/").replace("_", " ")
    get_id = "pagertreeGet" + label.title().replace(" ", "")
    router.add_api_route(path, list_, methods=["GET"], response_model=listing, summary=f"List {label} (PagerTree)")
    router.add_api_route(
        path,
        create,
        methods=["POST"],
        status_code=201,
        response_model=one,
        summary=f"Create one of {label} (PagerTree)",
        responses=schemas.created("recordId", get_id),
        openapi_extra=json_body(body),
    )
    router.add_api_route(
        f"{path}/{{recordId}}",
        get,
        methods=["GET"],
        response_model=one,
        summary=f"Retrieve one of {label} (PagerTree)",
        operation_id=get_id,
    )


_face(
    "/teams",
    TeamView,
    _team_values,
    views.team,
    (schemas.PagerTreeTeamList, schemas.PagerTreeTeam, schemas.PagerTreeTeamCreate),
)
_face(
    "/account_users",
    UserView,
    _user_values,
    views.account_user,
    (schemas.PagerTreeAccountUserList, schemas.PagerTreeAccountUser, schemas.PagerTreeAccountUserCreate),
)
_face(
    "/routers",
    RouterView,
    _router_values,
    views.router,
    (schemas.PagerTreeRouterList, schemas.PagerTreeRouter, schemas.PagerTreeRouterCreate),
)
