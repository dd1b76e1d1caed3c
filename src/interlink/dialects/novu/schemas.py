"""Novu's request and response bodies as models, so ``/openapi.json`` describes the face as Novu clients see it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["in_app", "email", "sms", "chat", "push"]


class CreateIntegrationRequestDto(BaseModel):
    model_config = ConfigDict(title="NovuCreateIntegrationRequest")
    providerId: str = Field(description="Novu's provider id, e.g. sendgrid, twilio, nodemailer")
    channel: Channel
    name: str | None = None
    identifier: str | None = None
    environmentId: str | None = Field(None, alias="_environmentId")
    credentials: dict[str, Any] | None = None
    active: bool | None = None
    check: bool | None = None
    conditions: list[Any] | None = None
    configurations: dict[str, Any] | None = None


class UpdateIntegrationRequestDto(BaseModel):
    model_config = ConfigDict(title="NovuUpdateIntegrationRequest")
    name: str | None = None
    identifier: str | None = None
    environmentId: str | None = Field(None, alias="_environmentId")
    credentials: dict[str, Any] | None = None
    active: bool | None = None
    check: bool | None = None
    conditions: list[Any] | None = None
    configurations: dict[str, Any] | None = None


class IntegrationResponseDto(BaseModel):
    model_config = ConfigDict(title="NovuIntegration")
    id: str = Field(alias="_id")
    environmentId: str = Field(alias="_environmentId")
    organizationId: str = Field(alias="_organizationId")
    name: str
    identifier: str
    providerId: str
    channel: str
    credentials: dict[str, Any]
    active: bool
    deleted: bool
    primary: bool
    priority: int
    conditions: list[Any]
    createdAt: datetime
    updatedAt: datetime
    deletedAt: datetime | None = None
    deletedBy: str | None = None


class NovuOneIntegration(BaseModel):
    model_config = ConfigDict(title="NovuIntegrationEnvelope")
    data: IntegrationResponseDto


class NovuIntegrations(BaseModel):
    model_config = ConfigDict(title="NovuIntegrationList")
    data: list[IntegrationResponseDto]


class ErrorDto(BaseModel):
    """Nest's error body; ``message`` is a list when several fields fail."""

    model_config = ConfigDict(title="NovuError")
    statusCode: int
    timestamp: datetime
    path: str
    message: str | list[str]
    error: str
    errors: dict[str, Any] | None = None
