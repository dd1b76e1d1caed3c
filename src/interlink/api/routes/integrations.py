"""``/v2/integrations``: create, list, get, update, delete, set-primary and actions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr
from starlette.responses import Response

from interlink.api import pull_views, schemas, views
from interlink.core.errors import FieldError
from interlink.http_kit import idempotent, lenient
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import PagingDep, json_body, page_body
from interlink.http_kit.http import FastJSON
from interlink.sdk import Direction
from interlink.services import integrations, pull_status
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.services.integrations import IntegrationFilter

router = APIRouter(prefix="/v2/integrations", tags=["integrations"])
CallerDep = Annotated[Caller, Depends(caller)]


class IntegrationCreate(BaseModel):
    """Create an integration of a catalog type; secrets may go in ``properties`` or ``credentials``."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr = Field(min_length=1, max_length=200)
    type: StrictStr = Field(min_length=1, max_length=64)
    identifier: StrictStr | None = Field(None, max_length=200)
    channel: StrictStr | None = Field(None, max_length=32)
    properties: dict[str, Any] = Field(default_factory=dict)
    credentials: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)
    active: StrictBool = True
    conditions: list[Any] = Field(default_factory=list)


class IntegrationUpdate(BaseModel):
    """Fields to change; properties and credentials merge by key, and a null value removes one."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]
    identifier: StrictStr = Field(None, max_length=200)  # type: ignore[assignment]
    properties: dict[str, Any] = None  # type: ignore[assignment]
    credentials: dict[str, Any] = None  # type: ignore[assignment]
    metadata: dict[str, Any] = None  # type: ignore[assignment]
    active: StrictBool = Field(None)  # type: ignore[assignment]
    conditions: list[Any] = None  # type: ignore[assignment]


@router.post(
    "",
    status_code=201,
    response_model=schemas.CreatedIntegration,
    summary="Create an integration",
    openapi_extra=json_body(IntegrationCreate),
)
async def create(request: Request, who: CallerDep) -> Response:
    body, problems = await lenient.read(request, IntegrationCreate, needed=frozenset({"type"}))
    draft = integrations.IntegrationDraft(**body.model_dump(), problems=problems)
    hub = hub_of(request)
    return await idempotent.respond(
        request,
        who,
        201,
        views.integration,
        lambda finish: integrations.create(hub, who, draft, finish),
        reveal=views.generated_credentials,
    )


@router.get("", response_model=schemas.IntegrationPage, summary="List integrations")
async def list_(
    request: Request,
    who: CallerDep,
    page: PagingDep,
    direction: Direction | None = None,
    channel: str | None = Query(None, max_length=32),
    type: str | None = Query(None, max_length=64),
    active: bool | None = None,
    search: str | None = Query(None, max_length=200),
) -> Response:
    filters = IntegrationFilter(direction.value if direction else None, channel, type, active, search)
    return await answer_page(hub_of(request), who, filters, page.cursor, page.limit)


async def answer_page(hub: Hub, who: Caller, filters: IntegrationFilter, cursor: str | None, limit: int) -> Response:
    """A page of integrations as the list answers it (the route's and ``fast_reads``' one rendering)."""
    found = await integrations.page(hub, who, filters, cursor=cursor, limit=limit)
    return FastJSON(page_body([views.integration(r) for r in found.rows], found, total=found.total))


@router.get(
    "/{integrationId}",
    response_model=schemas.Integration,
    summary="Get one integration (a pull type's schedule and last error under pull)",
)
async def get(integrationId: str, request: Request, who: CallerDep) -> Response:
    return await answer_one(hub_of(request), who, integrationId)


async def answer_one(hub: Hub, who: Caller, integration_id: str) -> Response:
    """One integration as the get answers it (the route's and ``fast_reads``' one rendering)."""
    record = await integrations.get(hub, who, integration_id)
    pull = await pull_status.of(hub, record)
    return FastJSON({**views.integration(record), **({"pull": pull_views.schedule(pull)} if pull else {})})


@router.put(
    "/{integrationId}",
    response_model=schemas.Integration,
    openapi_extra=json_body(IntegrationUpdate),
    summary="Update name, properties, credentials, metadata, active, conditions",
)
async def update(integrationId: str, request: Request, who: CallerDep) -> Response:
    body, problems = await lenient.read(request, IntegrationUpdate)
    given = {k: getattr(body, k) for k in body.model_fields_set}
    for key in [k for k, v in given.items() if v is None]:
        problems.append(FieldError(key, "may not be null"))
        del given[key]
    patch = integrations.IntegrationPatch(**given, problems=problems)
    return FastJSON(views.integration(await integrations.update(hub_of(request), who, integrationId, patch)))


@router.delete("/{integrationId}", response_model=schemas.Integration, summary="Delete an integration (soft delete)")
async def delete(integrationId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(views.integration(await integrations.delete(hub_of(request), who, integrationId)))


@router.post(
    "/{integrationId}/set-primary",
    response_model=schemas.Integration,
    summary="Make this integration its channel's primary",
)
async def set_primary(integrationId: str, request: Request, who: CallerDep) -> Response:
    hub = hub_of(request)
    return await idempotent.respond(
        request, who, 200, views.integration, lambda finish: integrations.set_primary(hub, who, integrationId, finish)
    )
