"""``/{locale}/api/integration``: the campaign platform's integrations API over the integrations service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.core.errors import NotFound
from interlink.dialects.base import alias_of, manifest_for, renamed_fields, supported_aliases
from interlink.dialects.campaign import fields, messages, schemas, views
from interlink.http_kit import idempotent
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import json_body
from interlink.http_kit.http import FastJSON, json_object
from interlink.services import integrations, paging
from interlink.services.caller import WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView

DIALECT = "campaign"
router = APIRouter(prefix="/{locale}/api/integration", tags=["campaign (compatible)"])
CallerDep = Annotated[Caller, Depends(caller)]


def _view(hub: Hub, record: IntegrationView) -> dict[str, Any] | None:
    """The campaign object of a record, or None when the face has no type name for it."""
    alias = alias_of(hub, DIALECT, record)
    manifest = hub.registry.get(record.type)
    if alias is None or manifest is None or record.channel.upper() not in fields.CHANNELS:
        return None
    return views.integration(record, alias, manifest)


async def _found(hub: Hub, who: Caller, integration_id: str) -> dict[str, Any]:
    view = _view(hub, await integrations.get(hub, who, integration_id))
    if view is None:
        raise NotFound(f"Integration {integration_id} not found")
    return view


@router.get(
    "",
    response_model=schemas.CampaignIntegrations,
    summary="List integrations (campaign)",
    description=f"Not paginated: at most {paging.UNPAGED_CAP} integrations, oldest first.",
)
async def list_integrations(locale: str, request: Request, who: CallerDep) -> Response:
    hub = hub_of(request)
    views_ = [v for r in await integrations.list_all(hub, who) if (v := _view(hub, r)) is not None]
    return FastJSON(views.envelope(views_, messages.text(locale, "listed"), 200, len(views_)))


@router.post(
    "",
    status_code=201,
    response_model=schemas.CampaignOneIntegration,
    summary="Create an integration (campaign)",
    openapi_extra=json_body(schemas.CampaignCreateIntegration),
)
async def create(locale: str, request: Request, who: CallerDep) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    form = fields.create_form(
        await json_object(request),
        lambda name: manifest_for(hub, DIALECT, name) is not None,
        supported_aliases(hub, DIALECT),
    )
    manifest = manifest_for(hub, DIALECT, form.type)
    assert manifest is not None
    values, unusable = fields.mapped(manifest, form.type, form.values)
    draft = integrations.IntegrationDraft(
        type=manifest.id,
        name=form.name,
        channel=form.channel.lower(),
        credentials=values,
        active=form.is_active,
        problems=unusable,  # reported together with every rule the values break
    )
    created = messages.text(locale, "created")

    def render(record: IntegrationView) -> dict[str, Any]:
        return views.envelope(views.integration(record, form.type, manifest), created, 201)

    with renamed_fields(fields.error_path(manifest)):
        return await idempotent.respond(
            request, who, 201, render, lambda finish: integrations.create(hub, who, draft, finish)
        )


@router.get("/{integrationId}", response_model=schemas.CampaignOneIntegration, summary="Get one integration (campaign)")
async def get(locale: str, integrationId: str, request: Request, who: CallerDep) -> Response:
    view = await _found(hub_of(request), who, integrationId)
    return FastJSON(views.envelope(view, messages.text(locale, "fetched"), 200))


@router.delete("/{integrationId}", response_model=schemas.CampaignDeleted, summary="Delete an integration (campaign)")
async def delete(locale: str, integrationId: str, request: Request, who: CallerDep) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    await _found(hub, who, integrationId)
    await integrations.delete(hub, who, integrationId)
    return FastJSON(views.envelope(None, messages.text(locale, "deleted"), 200))
