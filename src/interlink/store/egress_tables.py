"""Egress tables: recipient lists (with SMS-verified phones), push targets reported gone, credential checks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from interlink.core.timeutil import utcnow
from interlink.store.tables import Base


class Recipient(Base):
    """One address on an integration's recipient list; a phone joins (``verified``) only with the right code."""

    __tablename__ = "integration_recipients"
    __table_args__ = (
        UniqueConstraint("integration_id", "address"),
        Index("ix_integration_recipients_list", "integration_id", "status"),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(ForeignKey("environments.id"), index=True)
    integration_id: Mapped[str] = mapped_column(ForeignKey("integrations.id"))
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    status: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    code_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    codes_sent: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime | None] = mapped_column(default=None)
    last_code_at: Mapped[datetime | None] = mapped_column(default=None)
    sms_integration_id: Mapped[str | None] = mapped_column(String(40), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeadTarget(Base):
    """A device token or push subscription the push service said is gone; never sent to again."""

    __tablename__ = "dead_targets"
    __table_args__ = (UniqueConstraint("integration_id", "target_hash"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(ForeignKey("environments.id"), index=True)
    integration_id: Mapped[str] = mapped_column(ForeignKey("integrations.id"))
    target_hash: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    message_id: Mapped[str | None] = mapped_column(String(40), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CredentialCheck(Base):
    """The last verdict of an integration's credential check: ok, failing or unknown."""

    __tablename__ = "credential_checks"
    integration_id: Mapped[str] = mapped_column(ForeignKey("integrations.id"), primary_key=True)
    environment_id: Mapped[str] = mapped_column(ForeignKey("environments.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text, default=None)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
