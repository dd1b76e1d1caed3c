"""The on-call schema: account users, teams with escalation layers, and routers with ordered rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from interlink.core.timeutil import utcnow
from interlink.store.tables import Base


class AccountUser(Base):
    """A person who can be paged: a name, an email and the contact methods pages go out on."""

    __tablename__ = "account_users"
    __table_args__ = (Index("ix_account_users_env_id", "environment_id", "id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(ForeignKey("environments.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    contact_methods: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Team(Base):
    """Members and ordered escalation layers: each layer's users, its delay and how often it repeats."""

    __tablename__ = "teams"
    __table_args__ = (Index("ix_teams_env_id", "environment_id", "id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(ForeignKey("environments.id"))
    name: Mapped[str] = mapped_column(String(200))
    member_ids: Mapped[list[Any]] = mapped_column(default=list)
    layers: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Router(Base):
    """Ordered rules (conditions, time-of-week windows, actions); the first rule that matches decides."""

    __tablename__ = "routers"
    __table_args__ = (Index("ix_routers_env_id", "environment_id", "id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(ForeignKey("environments.id"))
    name: Mapped[str] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    rules: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
