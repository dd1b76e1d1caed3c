"""The bodies ``/v2/integrations/{id}/recipients`` and ``/dead-targets`` answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Recipient(BaseModel):
    id: str
    integrationId: str
    kind: str = Field(description="email or phone")
    address: str
    name: str | None
    status: str = Field(description="pending (a phone waiting for its code) or verified")
    codeExpiresAt: datetime | None
    triesLeft: int | None
    verifiedAt: datetime | None
    createdAt: datetime


class RecipientList(BaseModel):
    data: list[Recipient] = Field(description="The whole list, oldest first")


class DeadTarget(BaseModel):
    target: str = Field(description="The device token or push subscription endpoint")
    reason: str
    statusCode: int | None
    messageId: str | None
    at: datetime


class DeadTargetList(BaseModel):
    data: list[DeadTarget] = Field(description="The newest first, up to `limit`")
