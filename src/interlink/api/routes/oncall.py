"""``/v2/users``, ``/v2/teams`` and ``/v2/routers``: who is paged for alerts, in which order, by which rules."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr
from starlette.responses import Response

from interlink.api import oncall_views as views
from interlink.api import schemas_oncall as typed
from interlink.core.errors import invalid
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.services import oncall
from interlink.services.caller import WRITE, Caller
from interlink.services.oncall import RouterView, TeamView, UserView

router = APIRouter(tags=["on-call"])
CallerDep = Annotated[Caller, Depends(caller)]


class UserBody(BaseModel):
    """An account user; ``contactMethods`` is a list of ``{type, to, integrationId?}``."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr | None = Field(None, max_length=200)
    email: StrictStr | None = Field(None, max_length=320)
    contactMethods: list[Any] | None = None


class TeamBody(BaseModel):
    """A team: members and ordered escalation layers ``{userIds, delayMinutes, repeat}``."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr | None = Field(None, max_length=200)
    memberIds: list[Any] | None = None
    layers: list[Any] | None = None


class RouterBody(BaseModel):
    """A router: ordered rules ``{name?, conditions, schedule?, actions}``; the first that matches decides."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr | None = Field(None, max_length=200)
    enabled: StrictBool | None = None
    rules: list[Any] | None = None


def _given(body: BaseModel, required: tuple[str, ...]) -> dict[str, Any]:
    given = {k: getattr(body, k) for k in body.model_fields_set}
    for key in required:
        if given.get(key) is None:
            raise invalid(key, "is required")
    for key, value in given.items():
        if value is None:
            raise invalid(key, "may not be null")
    return given


def _routes(
    path: str,
    kind: type[Any],
    body_type: type[BaseModel],
    view: Callable[[Any], dict[str, Any]],
    label: str,
    models: tuple[type[BaseModel], type[BaseModel]],
    required: tuple[str, ...],
    id_name: str,
) -> None:
    """Create, list, get, update and delete for one kind of record; ``id_name`` names the id in paths."""
    RecordId = Annotated[str, PathParam(alias=id_name)]

    async def create(body: body_type, request: Request, who: CallerDep) -> Response:  # type: ignore[valid-type]
        who.require(WRITE)  # a read-only key learns nothing about the body
        record = await oncall.create(hub_of(request), who, kind, _given(body, required))
        return FastJSON(view(record), status_code=201)

    async def list_(request: Request, who: CallerDep, page: PagingDep) -> Response:
        found = await oncall.cursor_page(hub_of(request), who, kind, cursor=page.cursor, limit=page.limit)
        return FastJSON(page_body([view(r) for r in found.rows], found, total=found.total))

    async def get(recordId: RecordId, request: Request, who: CallerDep) -> Response:
        return FastJSON(view(await oncall.get(hub_of(request), who, kind, recordId)))

    async def update(recordId: RecordId, body: body_type, request: Request, who: CallerDep) -> Response:  # type: ignore[valid-type]
        who.require(WRITE)
        return FastJSON(view(await oncall.update(hub_of(request), who, kind, recordId, _given(body, ()))))

    async def delete(recordId: RecordId, request: Request, who: CallerDep) -> Response:
        await oncall.delete(hub_of(request), who, kind, recordId)
        return Response(status_code=204)

    one, many = models
    router.add_api_route(path, create, methods=["POST"], status_code=201, response_model=one, summary=f"Create {label}")
    router.add_api_route(path, list_, methods=["GET"], response_model=many, summary=f"List {label}s")
    router.add_api_route(f"{path}/{{{id_name}}}", get, methods=["GET"], response_model=one, summary=f"Get {label}")
    router.add_api_route(
        f"{path}/{{{id_name}}}", update, methods=["PUT"], response_model=one, summary=f"Update {label}"
    )
    router.add_api_route(
        f"{path}/{{{id_name}}}", delete, methods=["DELETE"], status_code=204, summary=f"Delete {label}"
    )


_USER = (typed.AccountUser, typed.AccountUserPage)
_routes("/v2/users", UserView, UserBody, views.user, "an account user", _USER, ("name", "email"), "userId")
_routes("/v2/teams", TeamView, TeamBody, views.team, "a team", (typed.Team, typed.TeamPage), ("name",), "teamId")
_ROUTER = (typed.Router, typed.RouterPage)
_routes("/v2/routers", RouterView, RouterBody, views.router, "a router", _ROUTER, ("name",), "routerId")
