"""``/v2/messages`` and integration actions: accepted with 202, read back with their delivery log."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.responses import Response

from interlink.api import schemas, views
from interlink.http_kit import idempotent
from interlink.http_kit.auth import caller, hub_of
from interlink.http_kit.contract import DateTimeQuery, PageOf, PagingDep, page_body
from interlink.http_kit.http import FastJSON
from interlink.sdk import Channel
from interlink.services import actions, messages
from interlink.services.caller import Caller

router = APIRouter(tags=["messages"])
CallerDep = Annotated[Caller, Depends(caller)]


class MessageBody(BaseModel):
    """One message for one channel and one recipient; text/html directly or rendered from a template."""

    model_config = ConfigDict(extra="forbid")
    channel: Channel
    to: Any = Field(None, description="An email, a phone number, a subscriber id, a push target, or an object")
    subject: StrictStr | None = None
    text: StrictStr | None = None
    html: StrictStr | None = None
    template: dict[str, Any] | None = Field(None, description="Jinja2 sources for subject, text and/or html")
    data: dict[str, Any] = Field(default_factory=dict, description="Variables for the template")
    integrationId: StrictStr | None = Field(None, max_length=40)
    eventType: StrictStr | None = Field(None, max_length=200)
    payload: dict[str, Any] = Field(default_factory=dict, description="Matched by conditions; the webhook body")
    metadata: dict[str, Any] = Field(default_factory=dict)

    def draft(self) -> messages.MessageDraft:
        return messages.MessageDraft(
            channel=self.channel,
            to=self.to,
            subject=self.subject,
            text=self.text,
            html=self.html,
            template=self.template,
            data=self.data,
            integration_id=self.integrationId,
            event_type=self.eventType,
            payload=self.payload,
            metadata=self.metadata,
        )


class BatchBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    messages: list[MessageBody] = Field(min_length=1, max_length=messages.MAX_BATCH)


class ActionBody(BaseModel):
    """Parameters of an action; a test send may name a recipient and content."""

    model_config = ConfigDict(extra="forbid")
    to: Any = None
    subject: StrictStr | None = Field(None, max_length=1000)
    text: StrictStr | None = Field(None, max_length=10_000)


@router.post(
    "/v2/messages",
    status_code=202,
    response_model=schemas.MessageAccepted,
    summary="Send a message (accepted, then delivered by a worker)",
)
async def send(body: MessageBody, request: Request, who: CallerDep) -> Response:
    hub = hub_of(request)

    draft = body.draft()
    listed = messages.fans_out(draft)  # one message per verified recipient on the integration's list

    async def work(finish: idempotent.Finish | None) -> object:
        accepted = await messages.accept(hub, who, [draft], finish)
        return accepted if listed else accepted[0]

    def view(result: Any) -> dict[str, Any]:
        return {"data": [views.message_accepted(r) for r in result]} if listed else views.message_accepted(result)

    return await idempotent.respond(request, who, 202, view, work)


@router.post(
    "/v2/messages/batch",
    status_code=202,
    response_model=schemas.AcceptedBatch,
    summary="Send up to 500 messages in one request",
)
async def send_batch(body: BatchBody, request: Request, who: CallerDep) -> Response:
    hub = hub_of(request)
    drafts = [m.draft() for m in body.messages]
    return await idempotent.respond(
        request,
        who,
        202,
        lambda rows: {"data": [views.message_accepted(r) for r in rows]},
        lambda finish: messages.accept(hub, who, drafts, finish, batch=True),
    )


@router.get("/v2/messages", response_model=PageOf[schemas.Message], summary="List messages, newest first")
async def list_messages(
    request: Request,
    who: CallerDep,
    page: PagingDep,
    status: Literal["queued", "sending", "delivered", "failed"] | None = None,
    channel: Channel | None = None,
    integrationId: str | None = Query(None, max_length=40),
    since: DateTimeQuery | None = None,
    until: DateTimeQuery | None = None,
) -> Response:
    found = await messages.list_page(
        hub_of(request),
        who,
        status=status,
        channel=channel,
        integration_id=integrationId,
        since=since,
        until=until,
        cursor=page.cursor,
        limit=page.limit,
    )
    return FastJSON(page_body([views.message(r) for r in found.rows], found))


@router.get(
    "/v2/messages/{messageId}",
    response_model=schemas.Message,
    summary="A message, its status and every delivery attempt",
)
async def get_message(messageId: str, request: Request, who: CallerDep) -> Response:
    message, attempts = await messages.get(hub_of(request), who, messageId)
    return FastJSON(views.message(message, attempts))


@router.post(
    "/v2/messages/{messageId}/redeliver",
    status_code=202,
    response_model=schemas.Message,
    summary="Send a failed message again",
)
async def redeliver(messageId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(views.message(await messages.redeliver(hub_of(request), who, messageId)), status_code=202)


@router.post(
    "/v2/integrations/{integrationId}/actions/{action}",
    status_code=202,
    response_model=schemas.Action,
    summary="Run an action (test-send, …); answers 202 with the action's location",
)
async def run_action(
    integrationId: str,
    action: str,
    request: Request,
    who: CallerDep,
    body: ActionBody | None = None,
) -> Response:
    params = body.model_dump(exclude_none=True) if body else {}
    row = await actions.request(hub_of(request), who, integrationId, action, params)
    return FastJSON(views.action(row), status_code=202, headers={"Location": f"/v2/actions/{row.id}"})


@router.get("/v2/actions/{actionId}", response_model=schemas.Action, summary="An action's status and result")
async def get_action(actionId: str, request: Request, who: CallerDep) -> Response:
    return FastJSON(views.action(await actions.get(hub_of(request), who, actionId)))
