"""``/v2/integrations/{id}/recipients``: the recipient list of an email, SMS or phone integration."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.responses import Response

from interlink.api import schemas_recipients as schemas
from interlink.core.timeutil import iso
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.http import FastJSON
from interlink.services import recipients
from interlink.services.caller import Caller
from interlink.services.recipients import RecipientView

router = APIRouter(prefix="/v2/integrations/{integrationId}/recipients", tags=["recipients"])
CallerDep = Annotated[Caller, Depends(caller)]


class RecipientBody(BaseModel):
    """An email address (email integrations) or an E.164 phone number (SMS and phone integrations)."""

    model_config = ConfigDict(extra="forbid")
    address: StrictStr = Field(min_length=1, max_length=320)
    name: StrictStr | None = Field(None, max_length=200)
    smsIntegrationId: StrictStr | None = Field(
        None, max_length=40, description="The SMS integration that sends a phone's code; by default the environment's"
    )


class CodeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: StrictStr = Field(min_length=1, max_length=16)


def view(row: RecipientView) -> dict[str, Any]:
    """A recipient as the API shows it: never a code or its hash."""
    return {
        "id": row.id,
        "integrationId": row.integration_id,
        "kind": row.kind,
        "address": row.address,
        "name": row.name,
        "status": row.status,
        "codeExpiresAt": iso(row.code_expires_at) if row.status == "pending" else None,
        "triesLeft": max(0, recipients.MAX_TRIES - row.tries) if row.status == "pending" else None,
        "verifiedAt": iso(row.verified_at),
        "createdAt": iso(row.created_at),
    }


@router.get("", response_model=schemas.RecipientList, summary="List the integration's recipients")
async def list_(integrationId: str, request: Request, who: CallerDep) -> Response:
    rows = await recipients.list_recipients(hub_of(request), who, integrationId)
    return FastJSON({"data": [view(r) for r in rows]})


@router.post(
    "",
    status_code=201,
    response_model=schemas.Recipient,
    summary="Add a recipient; a phone number is sent a code by SMS first",
)
async def add(integrationId: str, body: RecipientBody, request: Request, who: CallerDep) -> Response:
    new = recipients.NewRecipient(body.address, body.name, body.smsIntegrationId)
    return FastJSON(view(await recipients.add(hub_of(request), who, integrationId, new)), status_code=201)


@router.post(
    "/{recipientId}/verify", response_model=schemas.Recipient, summary="Verify a phone number with the code sent to it"
)
async def verify(integrationId: str, recipientId: str, body: CodeBody, request: Request, who: CallerDep) -> Response:
    return FastJSON(view(await recipients.verify(hub_of(request), who, integrationId, recipientId, body.code)))


@router.post(
    "/{recipientId}/resend",
    status_code=202,
    response_model=schemas.Recipient,
    summary="Send a new code (at most one a minute)",
)
async def resend(integrationId: str, recipientId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(view(await recipients.resend(hub_of(request), who, integrationId, recipientId)), status_code=202)


@router.delete("/{recipientId}", response_model=schemas.Recipient, summary="Remove a recipient from the list")
async def remove(integrationId: str, recipientId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(view(await recipients.remove(hub_of(request), who, integrationId, recipientId)))
