"""The catalog: ``/v2/integrations/mapping`` (types per direction) and ``/properties`` (one type's config)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from interlink.api import schemas, views
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.http import FastJSON
from interlink.sdk import Direction
from interlink.services import catalog
from interlink.services.caller import Caller

router = APIRouter(prefix="/v2/integrations", tags=["catalog"])
CallerDep = Annotated[Caller, Depends(caller)]


@router.get("/mapping", response_model=schemas.CatalogByDirection, summary="Supported integration types per direction")
async def mapping(request: Request, who: CallerDep, direction: Direction | None = None) -> Response:
    found = await catalog.entries(hub_of(request), who, direction)
    grouped: dict[str, list[dict[str, object]]] = {d.value: [] for d in Direction if direction in (None, d)}
    for entry in found:
        grouped[entry.manifest.direction.value].append(views.catalog_entry(entry))
    return FastJSON({"data": grouped})


@router.get(
    "/properties", response_model=schemas.OneCatalogEntry, summary="Property configuration of one integration type"
)
async def properties(request: Request, who: CallerDep, type: str = Query(..., min_length=1, max_length=64)) -> Response:
    entry = await catalog.entry(hub_of(request), who, type)
    return FastJSON({"data": views.catalog_entry(entry, with_properties=True)})
