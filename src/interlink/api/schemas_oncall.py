"""The bodies ``/v2/users``, ``/v2/teams`` and ``/v2/routers`` answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from interlink.http_kit.contract import PageOf

Json = Any  # a stored JSON value, shown as it was given


class _Common(BaseModel):
    id: str
    name: str
    environmentId: str
    createdAt: datetime
    updatedAt: datetime


class AccountUser(_Common):
    email: str
    contactMethods: list[Json]


class Team(_Common):
    memberIds: list[Json]
    layers: list[Json]


class Router(_Common):
    enabled: bool
    rules: list[Json]


class AccountUserPage(PageOf[AccountUser]):
    total: int


class TeamPage(PageOf[Team]):
    total: int


class RouterPage(PageOf[Router]):
    total: int
