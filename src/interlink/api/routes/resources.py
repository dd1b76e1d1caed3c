"""Resource paths and mappings under ``/v2/integrations``: validate-path, resources, resource-mappings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.responses import Response

from interlink.api import schemas, views
from interlink.core.errors import invalid
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import PageOf, PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.services import mappings, resources
from interlink.services.caller import Caller

router = APIRouter(prefix="/v2/integrations", tags=["resources"])
CallerDep = Annotated[Caller, Depends(caller)]
MAX_PATH = 200
# Checked here rather than by Query(...): the problem renderer would otherwise name the field "body".
PathQuery = Query(None, description="A resource path: places/{placeId} or places/{placeId}/things/{thingId}")


def _checked(path: str | None, *, required: bool) -> str | None:
    """Name ``path`` in the 422 when it is missing or too long."""
    if path is None:
        if required:
            raise invalid("path", "is required")
        return None
    if len(path) > MAX_PATH:
        raise invalid("path", f"must be at most {MAX_PATH} characters")
    return path


class MappingCreate(BaseModel):
    """Link an external id of an integration to one of your Places or Things."""

    model_config = ConfigDict(extra="forbid")
    integrationId: StrictStr = Field(max_length=40)
    externalId: StrictStr = Field(min_length=1, max_length=200)
    resourcePath: StrictStr = Field(min_length=1, max_length=200)


@router.get(
    "/validate-path", response_model=schemas.PathValidity, summary="Say whether a resource path is valid, and why not"
)
async def validate_path(request: Request, who: CallerDep, path: str | None = PathQuery) -> Response:
    path = _checked(path, required=True) or ""
    problem = await resources.validate_path(hub_of(request), who, path)
    return FastJSON({"data": {"path": path, "valid": problem is None, "reason": problem}})


@router.get(
    "/resources",
    response_model=schemas.Resources,
    summary="List the resources under a path",
    description="One level of the tree, not paginated: at most 200 places and 200 things, oldest first.",
)
async def list_resources(request: Request, who: CallerDep, path: str | None = PathQuery) -> Response:
    found = await resources.under(hub_of(request), who, _checked(path, required=False))
    if isinstance(found, str):
        raise invalid("path", found)
    return FastJSON({"data": [views.resource(r) for r in found]})


@router.post("/resource-mappings", status_code=201, response_model=schemas.Mapping, summary="Create a resource mapping")
async def create_mapping(body: MappingCreate, request: Request, who: CallerDep) -> Response:
    record = await mappings.create(hub_of(request), who, body.integrationId, body.externalId, body.resourcePath)
    return FastJSON(views.mapping(record), status_code=201)


@router.delete("/resource-mappings/{mappingId}", status_code=204, summary="Delete a resource mapping")
async def delete_mapping(mappingId: str, request: Request, who: CallerDep) -> Response:
    await mappings.delete(hub_of(request), who, mappingId)
    return Response(status_code=204)


@router.get(
    "/{integrationId}/resource-mappings",
    response_model=PageOf[schemas.Mapping],
    summary="List an integration's resource mappings",
)
async def list_mappings(integrationId: str, request: Request, who: CallerDep, page: PagingDep) -> Response:
    found = await mappings.list_for(hub_of(request), who, integrationId, cursor=page.cursor, limit=page.limit)
    return FastJSON(page_body([views.mapping(r) for r in found.rows], found))
