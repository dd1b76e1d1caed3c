"""The bodies ``/v2/alerts``, ``/v2/inbound-events``, ``/v2/traces`` and the receiving actions answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from interlink.api.schemas import Integration
from interlink.http_kit.contract import PageOf

Json = Any  # a stored JSON value, shown as it was given


class TimelineEntry(BaseModel):
    id: str
    kind: str
    actor: str
    detail: dict[str, Json]
    inboundEventId: str | None
    traceId: str | None
    at: datetime


class Alert(BaseModel):
    id: str
    title: str
    description: str | None
    urgency: str
    status: str
    thirdPartyId: str | None
    dedupKeys: list[str]
    tags: list[str]
    additionalData: list[dict[str, Json]]
    count: int
    integrationId: str | None
    inboundEventIds: list[str]
    traceId: str | None
    environmentId: str
    createdAt: datetime
    updatedAt: datetime
    acknowledgedAt: datetime | None
    resolvedAt: datetime | None
    droppedAt: datetime | None
    timeline: list[TimelineEntry] | None = Field(None, description="On a single alert only, oldest step first")


class AlertPage(PageOf[Alert]):
    pass


class InboundEvent(BaseModel):
    id: str
    integrationId: str
    integrationType: str
    method: str
    query: str
    remoteAddress: str | None
    receivedAt: datetime
    outcome: str
    reason: str
    statusCode: int
    status: str
    attempts: int
    result: dict[str, Json]
    replayOf: str | None
    traceId: str | None
    processedAt: datetime | None
    size: int = Field(description="The body's length in bytes")
    headers: list[list[str]] | None = Field(None, description="On a single event only: [name, value] pairs")
    body: str | None = Field(None, description="On a single event only, when the body is UTF-8 text")
    bodyBase64: str | None = Field(None, description="On a single event only, when the body is not UTF-8 text")


class InboundEventPage(PageOf[InboundEvent]):
    pass


class ReceivingIntegration(Integration):
    inboundUrl: str | None = Field(None, description="Where the source sends its webhooks; the token is the address")


class PreviewAction(BaseModel):
    action: str
    title: str
    description: str | None
    urgency: str | None
    thirdPartyId: str | None
    dedupKeys: list[str]
    tags: list[str]
    additionalData: list[dict[str, Json]]
    reason: str | None = None


class InboundPreview(BaseModel):
    integrationId: str
    actions: list[PreviewAction]


class TraceStep(BaseModel):
    """One step; the fields beside ``at``, ``kind`` and ``id`` depend on the kind."""

    at: datetime
    kind: str
    id: str


class Trace(BaseModel):
    traceId: str
    steps: list[TraceStep]
