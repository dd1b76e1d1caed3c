"""The inbound schema: receiving tokens, raw inbound requests (their own queue rows), alerts and timelines."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import Mapped, Session, backref, mapped_column, relationship

from interlink.core.timeutil import utcnow
from interlink.store.tables import Base, Integration


class InboundHook(Base):
    """The unguessable token in a webhook-receiving integration's URL (shown on every read of the integration).

    It is loaded with its integration (``Integration.inbound_hook``) and made with it: any new integration
    of the alerts channel gets one in the same flush.
    """

    __tablename__ = "inbound_hooks"
    integration_id: Mapped[str] = mapped_column(ForeignKey("integrations.id"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    rotated_at: Mapped[datetime] = mapped_column(default=utcnow)
    integration: Mapped[Integration] = relationship(
        backref=backref("inbound_hook", lazy="selectin", uselist=False, cascade="all, delete-orphan")
    )


def new_token() -> str:
    """An unguessable URL token (192 bits)."""
    return secrets.token_urlsafe(24)


@event.listens_for(Session, "before_flush")
def _give_new_receivers_a_token(session: Session, _context: Any, _instances: Any) -> None:
    for record in session.new:
        receives = isinstance(record, Integration) and record.direction == "INGRESS" and record.channel == "alerts"
        if receives and record.__dict__.get("inbound_hook") is None:
            record.inbound_hook = InboundHook(token=new_token())


class InboundEvent(Base):
    """One request that reached a known integration, accepted or refused; accepted ones are queued."""

    __tablename__ = "inbound_events"
    __table_args__ = (
        Index("ix_inbound_events_queue", "status", "run_at"),
        Index("ix_inbound_events_env_id", "environment_id", "id"),
        Index("ix_inbound_events_integration", "integration_id", "id"),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(String(40))
    organization_id: Mapped[str] = mapped_column(String(40))
    integration_id: Mapped[str] = mapped_column(String(40))
    integration_type: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(8))
    query: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[list[Any]] = mapped_column(default=list)
    body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    remote_address: Mapped[str | None] = mapped_column(String(64), default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | refused
    reason: Mapped[str] = mapped_column(String(200))
    status_code: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # queued | running | processed | failed | refused
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(40), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    replay_of: Mapped[str | None] = mapped_column(String(40), default=None)
    trace_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)


class Alert(Base):
    """Something a source says is wrong: opened once, counted on repeats, acknowledged, resolved or dropped."""

    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_env_id", "environment_id", "id"),
        Index("ix_alerts_dedup_tpid", "integration_id", "third_party_id", "status"),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    environment_id: Mapped[str] = mapped_column(String(40))
    organization_id: Mapped[str] = mapped_column(String(40))
    integration_id: Mapped[str | None] = mapped_column(String(40), default=None)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    urgency: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    third_party_id: Mapped[str | None] = mapped_column(String(300), default=None)
    dedup_keys: Mapped[list[Any]] = mapped_column(default=list)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    additional_data: Mapped[list[Any]] = mapped_column(default=list)
    count: Mapped[int] = mapped_column(Integer, default=1)
    inbound_event_ids: Mapped[list[Any]] = mapped_column(default=list)
    trace_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    dropped_at: Mapped[datetime | None] = mapped_column(default=None)


class AlertKey(Base):
    """One dedup key of an unresolved alert; removed when the alert is resolved or dropped."""

    __tablename__ = "alert_keys"
    integration_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"), index=True)


class AlertEvent(Base):
    """One line of an alert's timeline: opened, repeated, acknowledged, resolved, dropped, …"""

    __tablename__ = "alert_events"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    inbound_event_id: Mapped[str | None] = mapped_column(String(40), default=None)
    trace_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
