"""The campaign platform's bodies as models, so ``/openapi.json`` describes the face as its clients see it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CampaignCreateIntegration(BaseModel):
    model_config = ConfigDict(title="CampaignCreateIntegration", extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, description="SENDGRID, TWILIO, …")
    channel: Literal["EMAIL", "SMS", "PUSH"]
    isActive: bool | None = None
    apiKey: str | None = None
    apiSecret: str | None = None
    vapidPrivateKey: str | None = None
    senderEmail: str | None = None
    senderName: str | None = None
    senderPhone: str | None = None
    vapidPublicKey: str | None = None


class CampaignIntegration(BaseModel):
    model_config = ConfigDict(title="CampaignIntegration")
    id: str
    name: str
    type: str
    channel: str
    isActive: bool
    senderEmail: str | None
    senderName: str | None
    senderPhone: str | None
    vapidPublicKey: str | None
    workspaceId: str
    createdAt: datetime
    updatedAt: datetime


class _Result(BaseModel):
    message: str
    status: int


class CampaignOneResult(_Result):
    model_config = ConfigDict(title="CampaignIntegrationResult")
    data: CampaignIntegration


class CampaignListResult(_Result):
    model_config = ConfigDict(title="CampaignIntegrationListResult")
    data: list[CampaignIntegration]
    totalCount: int


class CampaignEmptyResult(_Result):
    model_config = ConfigDict(title="CampaignEmptyResult")
    data: None


class CampaignOneIntegration(BaseModel):
    model_config = ConfigDict(title="CampaignIntegrationEnvelope")
    result: CampaignOneResult


class CampaignIntegrations(BaseModel):
    model_config = ConfigDict(title="CampaignIntegrationListEnvelope")
    result: CampaignListResult


class CampaignDeleted(BaseModel):
    model_config = ConfigDict(title="CampaignDeletedEnvelope")
    result: CampaignEmptyResult


class CampaignFieldError(BaseModel):
    model_config = ConfigDict(title="CampaignFieldError")
    field: str
    message: str


class CampaignErrorResult(_Result):
    model_config = ConfigDict(title="CampaignErrorResult")
    data: None
    errors: list[CampaignFieldError] | None = None


class CampaignError(BaseModel):
    model_config = ConfigDict(title="CampaignError")
    result: CampaignErrorResult
