"""Telemetry points, unmapped external ids and pull schedules: the tables of the pull side."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from interlink.core.timeutil import utcnow
from interlink.store.tables import Base


class TelemetryPoint(Base):
    """One value of one metric of one resource at one time from one source; the key makes writes idempotent.

    Time is epoch milliseconds: buckets are integer arithmetic on both engines, and the clustered key
    (SQLite ``WITHOUT ROWID``) keeps each series' range scan on contiguous pages.
    """

    __tablename__ = "telemetry_points"
    __table_args__ = {"sqlite_with_rowid": False}
    environment_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    resource_path: Mapped[str] = mapped_column(String(200), primary_key=True)
    metric: Mapped[str] = mapped_column(String(100), primary_key=True)
    ts: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(32), default=None)
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)


class UnmappedId(Base):
    """An external id a source reported that no resource mapping names yet; kept so the user can map it."""

    __tablename__ = "telemetry_unmapped"
    integration_id: Mapped[str] = mapped_column(ForeignKey("integrations.id"), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    environment_id: Mapped[str] = mapped_column(String(40))
    points: Mapped[int] = mapped_column(Integer, default=0)
    sample: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


class PullJob(Base):
    """A pull integration's schedule as a queue row: claimed with a lease each tick, or held by a subscriber.

    ``id`` is the integration's id, so there is exactly one per integration.
    """

    __tablename__ = "pull_jobs"
    __table_args__ = (Index("ix_pull_jobs_queue", "status", "run_at"),)
    id: Mapped[str] = mapped_column(ForeignKey("integrations.id"), primary_key=True)
    environment_id: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued, running, paused
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(40), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    last_error_at: Mapped[datetime | None] = mapped_column(default=None)
    last_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_success_at: Mapped[datetime | None] = mapped_column(default=None)
    pulled_until: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)  # what a source keeps between pulls (validators)
    runs: Mapped[int] = mapped_column(Integer, default=0)
    points_written: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
