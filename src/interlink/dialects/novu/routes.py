"""``/v1/integrations``: Novu's integrations API, translated into calls on the integrations service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.core.errors import BadRequest, FieldError, Forbidden, NotFound
from interlink.core.ids import is_id
from interlink.dialects.base import alias_of, manifest_for, renamed_fields, supported_aliases
from interlink.dialects.novu import credentials, requests, schemas, views
from interlink.dialects.novu.auth import novu_caller
from interlink.http_kit import idempotent
from interlink.http_kit.auth import hub_of
from interlink.http_kit.contract import json_body
from interlink.http_kit.http import FastJSON, json_object
from interlink.sdk import Channel, Manifest
from interlink.services import credential_checks, idempotency, integrations, paging
from interlink.services.caller import WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView

DIALECT = "novu"
CAPPED = f"Novu's list is not paginated: at most {paging.UNPAGED_CAP} integrations, oldest first."
router = APIRouter(prefix="/v1/integrations", tags=["novu (compatible)"])
NovuCaller = Annotated[Caller, Depends(novu_caller)]
ENTITY_NOT_FOUND = "Entity with id {} not found"
INTEGRATION_NOT_FOUND = "Integration with id {} not found"
OTHER_ENVIRONMENT = (
    "API key authentication is scoped to a single environment and cannot target a different `_environmentId`."
)


def _data(payload: Any) -> Response:
    return FastJSON({"data": payload})


def _render(hub: Hub) -> Callable[[IntegrationView], dict[str, Any]]:
    """Render one integration in Novu's envelope (also what an idempotency key stores)."""

    def render(record: IntegrationView) -> dict[str, Any]:
        return {"data": views.integration(record, alias_of(hub, DIALECT, record) or record.type)}

    return render


async def _visible(hub: Hub, who: Caller, *, active_only: bool = False) -> list[dict[str, Any]]:
    """The environment's integrations a Novu client can parse: types Novu has a name for."""
    rows = await integrations.list_all(hub, who, active_only=active_only)
    return [
        views.integration(r, alias)
        for r in rows
        if (alias := alias_of(hub, DIALECT, r)) is not None and r.channel in requests.CHANNELS
    ]


async def _found(hub: Hub, who: Caller, integration_id: str, message: str) -> tuple[IntegrationView, Manifest]:
    """The integration and its manifest, or 404 in Novu's words (also for types Novu cannot name)."""
    try:
        record = await integrations.get(hub, who, integration_id)
    except NotFound:
        raise NotFound(message.format(integration_id)) from None
    manifest = hub.registry.get(record.type)
    if manifest is None or alias_of(hub, DIALECT, record) is None:
        raise NotFound(message.format(integration_id))
    return record, manifest


def _same_environment(who: Caller, environment_id: str | None) -> None:
    if environment_id is not None and environment_id != who.environment_id:
        raise Forbidden(OTHER_ENVIRONMENT)


def _check_idempotency_key(request: Request) -> None:
    key = request.headers.get("idempotency-key")
    if key is not None and len(key) > idempotency.MAX_KEY_LENGTH:
        raise BadRequest(
            f'idempotencyKey "{key}" has exceeded the maximum allowed length of {idempotency.MAX_KEY_LENGTH} characters'
        )


def _provider(hub: Hub, provider_id: str) -> Manifest:
    manifest = manifest_for(hub, DIALECT, provider_id)
    if manifest is None:
        names = ", ".join(supported_aliases(hub, DIALECT))
        raise BadRequest(
            "Bad Request", [FieldError("providerId", f"must be one of the providers Interlink supports: {names}")]
        )
    return manifest


def _checks(check: bool, channel: str) -> bool:
    """Novu's ``check`` only does something for email; here it demands complete credentials."""
    return check and channel == Channel.EMAIL.value


@router.get("", response_model=schemas.NovuIntegrations, summary="List integrations (Novu)", description=CAPPED)
async def list_integrations(request: Request, who: NovuCaller) -> Response:
    return _data(await _visible(hub_of(request), who))


@router.get(
    "/active", response_model=schemas.NovuIntegrations, summary="List active integrations (Novu)", description=CAPPED
)
async def list_active(request: Request, who: NovuCaller) -> Response:
    return _data(await _visible(hub_of(request), who, active_only=True))


@router.post(
    "",
    status_code=201,
    response_model=schemas.NovuOneIntegration,
    summary="Create an integration (Novu)",
    openapi_extra=json_body(schemas.CreateIntegrationRequestDto),
)
async def create(request: Request, who: NovuCaller) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    _check_idempotency_key(request)
    form = requests.create_form(await json_object(request))
    _same_environment(who, form.environment_id)
    manifest = _provider(hub, form.provider_id)
    draft = integrations.IntegrationDraft(
        type=manifest.id,
        name=form.name,
        identifier=form.identifier,
        channel=form.channel,
        credentials=credentials.to_values(manifest, form.credentials),
        active=form.active,
        conditions=form.conditions,
        require_complete=_checks(form.check, manifest.channel.value),
    )
    if _checks(form.check, manifest.channel.value):
        with renamed_fields(credentials.error_path(manifest)):
            await credential_checks.require_ok(hub, who, manifest, dict(draft.credentials))
    with renamed_fields(credentials.error_path(manifest)):
        return await idempotent.respond(
            request, who, 201, _render(hub), lambda finish: integrations.create(hub, who, draft, finish)
        )


@router.put(
    "/{integrationId}",
    response_model=schemas.NovuOneIntegration,
    summary="Update an integration (Novu)",
    openapi_extra=json_body(schemas.UpdateIntegrationRequestDto),
)
async def update(integrationId: str, request: Request, who: NovuCaller) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    form = requests.update_form(await json_object(request))
    _same_environment(who, form.environment_id)
    record, manifest = await _found(hub, who, integrationId, ENTITY_NOT_FOUND)
    patch = integrations.IntegrationPatch(require_complete=_checks(form.check, record.channel))
    if _checks(form.check, record.channel):
        given = credentials.to_values(manifest, form.given.get("credentials") or {})
        with renamed_fields(credentials.error_path(manifest)):
            await credential_checks.require_ok(hub, who, manifest, given, record.id)
    for key in ("name", "identifier", "active", "conditions"):
        if key in form.given:
            setattr(patch, key, form.given[key])
    if "credentials" in form.given:
        patch.credentials = credentials.replacement(
            manifest, credentials.to_values(manifest, form.given["credentials"])
        )
        patch.replace_credentials = True
    with renamed_fields(credentials.error_path(manifest)):
        try:
            updated = await integrations.update(hub, who, integrationId, patch)
        except NotFound:
            raise NotFound(ENTITY_NOT_FOUND.format(integrationId)) from None
    return FastJSON(_render(hub)(updated))


@router.delete(
    "/{integrationId}",
    response_model=schemas.NovuIntegrations,
    summary="Delete an integration (Novu); answers the remaining ones",
)
async def delete(integrationId: str, request: Request, who: NovuCaller) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    await _found(hub, who, integrationId, ENTITY_NOT_FOUND)
    try:
        await integrations.delete(hub, who, integrationId)
    except NotFound:
        raise NotFound(ENTITY_NOT_FOUND.format(integrationId)) from None
    return _data(await _visible(hub, who))


@router.post(
    "/{integrationId}/set-primary",
    response_model=schemas.NovuOneIntegration,
    summary="Make an email or sms integration primary (Novu)",
)
async def set_primary(integrationId: str, request: Request, who: NovuCaller) -> Response:
    who.require(WRITE)
    hub = hub_of(request)
    _check_idempotency_key(request)
    if not is_id(integrationId, "int"):
        raise BadRequest("Bad Request", [FieldError("integrationId", "must be an Interlink integration id (int_…)")])
    await _found(hub, who, integrationId, INTEGRATION_NOT_FOUND)

    async def work(finish: Any) -> IntegrationView:
        return await integrations.set_primary(hub, who, integrationId, finish, primary_channels=views.PRIMARY_CHANNELS)

    try:
        return await idempotent.respond(request, who, 200, _render(hub), work)
    except NotFound:
        raise NotFound(INTEGRATION_NOT_FOUND.format(integrationId)) from None
