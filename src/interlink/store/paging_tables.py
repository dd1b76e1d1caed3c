"""The on-call schema: account users, teams with escalation layers, routers with ordered rules, escalation steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
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


class EscalationStep(Base):
    """One scheduled page of an alert: a team's layer (and its repeat round) or a set of users, due at ``run_at``.

    Steps are queue rows: a worker leases a due one, pages, and in the same transaction marks it done and
    schedules the next, so a crash repeats no page and loses no step. Closing the alert cancels them.
    """

    __tablename__ = "escalation_steps"
    __table_args__ = (Index("ix_escalation_steps_queue", "status", "run_at"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(String(40))
    organization_id: Mapped[str] = mapped_column(String(40))
    alert_id: Mapped[str] = mapped_column(String(40), index=True)
    team_id: Mapped[str | None] = mapped_column(String(40), default=None)
    user_ids: Mapped[list[Any]] = mapped_column(default=list)
    layer: Mapped[int] = mapped_column(Integer, default=0)
    round: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | cancelled
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(40), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    trace_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
