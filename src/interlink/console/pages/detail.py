"""One integration: edit, resource mappings, actions with live status, delivery log, primary, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import JSONResponse, Response

from interlink.console import forms, web
from interlink.console.pages.common import credential_status, pickable
from interlink.core.errors import InterlinkError, NotFound
from interlink.core.timeutil import iso
from interlink.sdk import Channel
from interlink.services import actions, delivery_stats, integrations, mappings, paging
from interlink.services.sessions import ConsoleSession

router = APIRouter(prefix=f"{web.PREFIX}/integrations", route_class=web.ConsoleRoute, include_in_schema=False)
Session = Annotated[ConsoleSession, Depends(web.signed_in)]
RECIPIENT_CHANNELS = {Channel.EMAIL.value, Channel.SMS.value, Channel.PHONE.value, Channel.IN_APP.value}
NOTICES = {
    "created": "The integration was created.",
    "saved": "Your changes were saved.",
    "mapped": "The resource mapping was added.",
    "unmapped": "The resource mapping was deleted.",
    "primary": "This integration is now its channel's primary.",
    "queued": "The action was queued; its status updates below.",
}


async def _detail(
    request: Request,
    current: ConsoleSession,
    integration_id: str,
    *,
    status: int = 200,
    section: str = "",
    error: InterlinkError | None = None,
    echo: dict[str, Any] | None = None,
) -> Response:
    hub, who = web.hub_of(request), current.caller
    record = await integrations.get(hub, who, integration_id)
    manifest = hub.registry.get(record.type)
    values = {
        p.key: forms.shown_value(p, record.properties.get(p.key)) for p in (manifest.properties if manifest else ())
    }
    return web.page(
        request,
        "detail.html",
        status,
        record=record,
        manifest=manifest,
        values=values,
        credentials=credential_status(manifest, record),
        mappings=(await mappings.list_for(hub, who, record.id, limit=paging.MAX_PAGE)).rows,
        actions=await delivery_stats.recent_actions(hub, who, record.id),
        deliveries=await delivery_stats.delivery_log(hub, who, record.id),
        resources=await pickable(hub, who),
        section=section,
        error=error,
        errors=web.field_errors(error) if error else {},
        echo=echo or {},
        recipient=record.channel in RECIPIENT_CHANNELS,
        notice=NOTICES.get(request.query_params.get("notice", "")),
    )


@router.get("/{integration_id}")
async def show(integration_id: str, request: Request, current: Session) -> Response:
    return await _detail(request, current, integration_id)


@router.post("/{integration_id}/edit")
async def edit(integration_id: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    hub = web.hub_of(request)
    record = await integrations.get(hub, current.caller, integration_id)
    manifest = hub.registry.get(record.type)
    try:
        patch = integrations.IntegrationPatch(
            name=forms.text(form, "name"), metadata=forms.metadata(form), active=forms.text(form, "active") == "1"
        )
        if manifest is not None:
            changed = forms.properties_for_update(manifest, form, record.properties)
            if changed:
                patch.properties = changed
        await integrations.update(hub, current.caller, record.id, patch)
    except InterlinkError as exc:
        echo = {"name": forms.text(form, "name"), **(forms.echo(manifest, form) if manifest else {})}
        return await _detail(request, current, integration_id, status=exc.status, section="edit", error=exc, echo=echo)
    return web.redirect(f"{web.PREFIX}/integrations/{record.id}?notice=saved")


@router.post("/{integration_id}/mappings")
async def add_mapping(integration_id: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    path = forms.text(form, "resourcePath") or forms.text(form, "resourcePick")
    try:
        await mappings.create(web.hub_of(request), current.caller, integration_id, forms.text(form, "externalId"), path)
    except InterlinkError as exc:
        if exc.status == 404 or any(e.path == "integrationId" for e in exc.errors):
            raise
        echo = {"externalId": forms.text(form, "externalId"), "resourcePath": path}
        return await _detail(
            request, current, integration_id, status=exc.status, section="mapping", error=exc, echo=echo
        )
    return web.redirect(f"{web.PREFIX}/integrations/{integration_id}?notice=mapped#mappings")


@router.post("/{integration_id}/mappings/{mapping_id}/delete")
async def delete_mapping(integration_id: str, mapping_id: str, request: Request, current: Session) -> Response:
    await web.write_form(request, current)
    await integrations.get(web.hub_of(request), current.caller, integration_id)
    await mappings.delete(web.hub_of(request), current.caller, mapping_id)
    return web.redirect(f"{web.PREFIX}/integrations/{integration_id}?notice=unmapped#mappings")


@router.post("/{integration_id}/actions/{action}")
async def run_action(integration_id: str, action: str, request: Request, current: Session) -> Response:
    form = await web.write_form(request, current)
    params = {k: forms.text(form, k) for k in ("to", "subject", "text") if forms.text(form, k)}
    try:
        await actions.request(web.hub_of(request), current.caller, integration_id, action, params)
    except InterlinkError as exc:
        if exc.status == 404:
            raise
        return await _detail(
            request, current, integration_id, status=exc.status, section="action", error=exc, echo=params
        )
    return web.redirect(f"{web.PREFIX}/integrations/{integration_id}?notice=queued#actions")


@router.get("/{integration_id}/actions/{action_id}/status")
async def action_status(integration_id: str, action_id: str, request: Request, current: Session) -> Response:
    """A small JSON answer the page's script polls to show an action's progress without reloading."""
    row = await actions.get(web.hub_of(request), current.caller, action_id)
    if row.integration_id != integration_id:
        raise NotFound(f"Action {action_id} not found")
    result = row.result or {}
    return JSONResponse(
        {
            "id": row.id,
            "status": row.status,
            "outcome": result.get("outcome"),
            "statusCode": result.get("statusCode"),
            "detail": result.get("detail") or result.get("error"),
            "updatedAt": iso(row.updated_at),
        },
        headers=web.HEADERS,
    )


@router.post("/{integration_id}/primary")
async def set_primary(integration_id: str, request: Request, current: Session) -> Response:
    await web.write_form(request, current)
    try:
        await integrations.set_primary(web.hub_of(request), current.caller, integration_id)
    except InterlinkError as exc:
        if exc.status == 404:
            raise
        return await _detail(request, current, integration_id, status=exc.status, section="primary", error=exc)
    return web.redirect(f"{web.PREFIX}/integrations/{integration_id}?notice=primary")


@router.get("/{integration_id}/delete")
async def confirm_delete(integration_id: str, request: Request, current: Session) -> Response:
    record = await integrations.get(web.hub_of(request), current.caller, integration_id)
    return web.page(request, "delete.html", record=record)


@router.post("/{integration_id}/delete")
async def delete(integration_id: str, request: Request, current: Session) -> Response:
    await web.write_form(request, current)
    await integrations.delete(web.hub_of(request), current.caller, integration_id)
    return web.redirect(f"{web.PREFIX}/integrations?notice=deleted")
