"""The bodies the native API answers, as models routes declare, so ``/openapi.json`` describes each one.

``views.py`` renders records into exactly these shapes; ``.ci/fuzz`` checks every answer against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from interlink.http_kit.contract import PageOf

Json = Any  # a stored JSON value, shown as it was given


class Integration(BaseModel):
    id: str
    name: str
    identifier: str
    type: str
    channel: str
    direction: str
    properties: dict[str, Json]
    credentials: dict[str, str] = Field(description='Which secret keys are set ("set"), never their values')
    metadata: dict[str, Json]
    active: bool
    primary: bool
    priority: int
    conditions: list[Json]
    environmentId: str
    organizationId: str
    deleted: bool
    deletedAt: datetime | None
    deletedBy: str | None
    createdAt: datetime
    updatedAt: datetime
    pull: dict[str, Json] | None = Field(None, description="A pull type's schedule, last run and last error")


class CreatedIntegration(Integration):
    generatedCredentials: dict[str, str] | None = Field(
        None, description="Secrets Interlink generated: in this response (and its idempotent replays) only"
    )


class IntegrationPage(PageOf[Integration]):
    total: int


class Property(BaseModel):
    key: str
    type: str
    label: str
    description: str
    required: bool
    editable: bool
    secret: bool
    mapsToResource: str | None
    default: Json | None = None
    choices: list[Json] | None = None
    requiredWhen: dict[str, Json] | None = None


class CatalogEntry(BaseModel):
    type: str
    name: str
    description: str
    direction: str
    channel: str
    availability: str
    available: bool
    actions: list[str]
    docsUrl: str | None
    message: str | None = None
    properties: list[Property] | None = None


class CatalogByDirection(BaseModel):
    data: dict[str, list[CatalogEntry]]


class OneCatalogEntry(BaseModel):
    data: CatalogEntry


class Place(BaseModel):
    id: str
    name: str
    parentId: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    timezone: str | None
    metadata: dict[str, Json]
    path: str
    createdAt: datetime
    updatedAt: datetime


class Thing(BaseModel):
    id: str
    name: str
    kind: str
    placeId: str
    metadata: dict[str, Json]
    path: str
    createdAt: datetime
    updatedAt: datetime


class Resource(BaseModel):
    path: str
    type: str
    id: str
    name: str
    detail: Json | None


class Resources(BaseModel):
    data: list[Resource]


class PathCheck(BaseModel):
    path: str
    valid: bool
    reason: str | None


class PathValidity(BaseModel):
    data: PathCheck


class Mapping(BaseModel):
    id: str
    integrationId: str
    externalId: str
    resourcePath: str
    resourceType: str
    createdAt: datetime


class AuditEvent(BaseModel):
    id: str
    action: str
    actor: str | None
    targetType: str | None
    targetId: str | None
    changes: Json | None
    traceId: str | None
    createdAt: datetime


class MessageAccepted(BaseModel):
    id: str
    status: str
    channel: str
    traceId: str | None


class AcceptedBatch(BaseModel):
    data: list[MessageAccepted]


class Attempt(BaseModel):
    number: int
    integrationId: str | None
    outcome: str
    statusCode: int | None
    detail: str | None
    responseExcerpt: str | None
    providerMessageId: str | None
    durationMs: float | None
    nextAttemptAt: datetime | None
    at: datetime


class Message(BaseModel):
    id: str
    channel: str
    status: str
    to: Json | None
    subject: str | None
    text: str | None
    html: str | None
    eventType: str | None
    payload: Json | None
    metadata: Json | None
    integrationId: str | None
    requestedIntegrationId: str | None
    attemptCount: int
    lastError: str | None
    nextAttemptAt: datetime | None
    traceId: str | None
    createdAt: datetime
    updatedAt: datetime
    deliveredAt: datetime | None
    attempts: list[Attempt] | None = None


class Action(BaseModel):
    id: str
    integrationId: str
    action: str
    status: str
    input: Json | None
    result: Json | None
    traceId: str | None
    createdAt: datetime
    updatedAt: datetime


class InboxItem(BaseModel):
    id: str
    subscriberId: str
    messageId: str | None
    integrationId: str | None
    subject: str | None
    text: str | None
    html: str | None
    data: Json | None
    read: bool
    readAt: datetime | None
    archived: bool
    archivedAt: datetime | None
    createdAt: datetime


class Feed(PageOf[InboxItem]):
    unreadCount: int
    totalCount: int


class Updated(BaseModel):
    updated: int
