"""``/api/v4``: PagerTree's integrations, integration types, teams, account users and routers over the services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.core.errors import NotFound, invalid
from interlink.dialects.base import renamed_fields
from interlink.dialects.pagertree import params, schemas, types, views
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import json_body
from interlink.http_kit.http import FastJSON, json_object
from interlink.sdk import Manifest
from interlink.services import integrations
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.destinations import routes_alerts
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView

DIALECT = "pagertree"
router = APIRouter(prefix="/api/v4", tags=["pagertree (compatible)"])
CallerDep = Annotated[Caller, Depends(caller)]
_BY_ID = ("pagertreeGetIntegration", "pagertreeUpdateIntegration", "pagertreeDeleteIntegration")


def _visible(hub: Hub, record: IntegrationView) -> Manifest | None:
    """The type of an integration the face can show (an inbound alert type), else None."""
    manifest = hub.registry.get(record.type)
    return manifest if manifest is not None and routes_alerts(manifest) else None


async def _found(hub: Hub, who: Caller, integration_id: str) -> tuple[IntegrationView, Manifest]:
    record = await integrations.get(hub, who, params.full(integration_id, "int"))
    manifest = _visible(hub, record)
    if manifest is None:
        raise NotFound(f"Integration {integration_id} not found")
    return record, manifest


@router.get(
    "/integration_types",
    response_model=schemas.PagerTreeIntegrationTypeList,
    summary="List integration types (PagerTree)",
)
async def list_types(request: Request, who: CallerDep, paging: params.PagingDep) -> Response:
    who.require(READ)
    found = types.alert_types(hub_of(request))
    rows = [views.integration_type(m) for m in found[paging.offset : paging.offset + paging.limit]]
    return FastJSON(views.listing(rows, len(found), paging.offset))


@router.get(
    "/integration_types/{typeId}",
    response_model=schemas.PagerTreeIntegrationType,
    summary="Retrieve an integration type (PagerTree)",
)
async def get_type(typeId: str, request: Request, who: CallerDep) -> Response:
    who.require(READ)
    manifest = types.by_type_id(hub_of(request), typeId)
    if manifest is None:
        raise NotFound(f"Integration type {typeId} not found")
    return FastJSON(views.integration_type(manifest))


@router.get("/integrations", response_model=schemas.PagerTreeIntegrationList, summary="List integrations (PagerTree)")
async def list_integrations(request: Request, who: CallerDep, paging: params.PagingDep) -> Response:
    hub = hub_of(request)
    shown = [(r, m) for r in await integrations.list_all(hub, who) if (m := _visible(hub, r)) is not None]
    rows = [views.integration(r, m) for r, m in shown[paging.offset : paging.offset + paging.limit]]
    return FastJSON(views.listing(rows, len(shown), paging.offset))


@router.post(
    "/integrations",
    status_code=201,
    response_model=schemas.PagerTreeIntegration,
    summary="Create an integration (PagerTree)",
    responses=schemas.created("integrationId", *_BY_ID),
    openapi_extra=json_body(schemas.PagerTreeIntegrationCreate),
)
async def create_integration(request: Request, who: CallerDep) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    body = await json_object(request)
    given = params.integration(hub, body, creating=True)
    assert given.manifest is not None
    with renamed_fields(views.field_name):
        values = {**params.options(given.manifest, body), **given.properties}
        draft = integrations.IntegrationDraft(
            type=given.manifest.id,
            name=_name(given.name),
            properties=values,
            active=True if given.enabled is None else given.enabled,
            require_destination=True,
        )
        record = await integrations.create(hub, who, draft)
    return FastJSON(views.integration(record, given.manifest), status_code=201)


# The seed's example posts to ``/api/v4/integrations/``: answered as it stands, not redirected.
router.add_api_route("/integrations/", create_integration, methods=["POST"], status_code=201, include_in_schema=False)


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid("name", "can't be blank")
    return value


@router.get(
    "/integrations/{integrationId}",
    response_model=schemas.PagerTreeIntegration,
    summary="Retrieve an integration (PagerTree)",
    operation_id="pagertreeGetIntegration",
)
async def get_integration(integrationId: str, request: Request, who: CallerDep) -> Response:
    record, manifest = await _found(hub_of(request), who, integrationId)
    return FastJSON(views.integration(record, manifest))


@router.put(
    "/integrations/{integrationId}",
    response_model=schemas.PagerTreeIntegration,
    summary="Update an integration (PagerTree)",
    operation_id="pagertreeUpdateIntegration",
    openapi_extra=json_body(schemas.PagerTreeIntegrationUpdate),
)
async def update_integration(integrationId: str, request: Request, who: CallerDep) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    body = await json_object(request)
    record, manifest = await _found(hub, who, integrationId)
    given = params.integration(hub, body, creating=False)
    if given.manifest is not None and given.manifest.id != manifest.id:
        raise invalid("integration_type_id", "cannot be changed after the integration is created")
    patch = integrations.IntegrationPatch(require_destination=True)
    if "name" in given.given:
        patch.name = _name(given.name)
    if "enabled" in given.given:
        patch.active = given.enabled
    with renamed_fields(views.field_name):
        values = {**params.options(manifest, body), **given.properties}
        if values:
            patch.properties = values
        record = await integrations.update(hub, who, record.id, patch)
    return FastJSON(views.integration(record, manifest))


@router.delete(
    "/integrations/{integrationId}",
    response_model=schemas.PagerTreeIntegration,
    summary="Delete an integration (PagerTree)",
    operation_id="pagertreeDeleteIntegration",
)
async def delete_integration(integrationId: str, request: Request, who: CallerDep) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    record, manifest = await _found(hub, who, integrationId)
    return FastJSON(views.integration(await integrations.delete(hub, who, record.id), manifest))
