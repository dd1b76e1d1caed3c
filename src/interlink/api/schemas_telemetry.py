"""The bodies ``/v2/telemetry`` and the pull side of ``/v2/integrations`` answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

Json = Any  # a stored JSON value, shown as it was given


class Point(BaseModel):
    """A raw point (``value``, ``unit``, ``source``) or, with ``step``, a bucket (``min`` … ``count``)."""

    time: datetime
    value: float | None = None
    unit: str | None = None
    source: str | None = None
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    sum: float | None = None
    count: int | None = None


class Series(BaseModel):
    path: str
    metric: str
    from_: datetime = Field(alias="from")
    to: datetime
    step: str | None = Field(None, description="The bucket size, when asked for")
    data: list[Point]
    nextFrom: datetime | None = Field(
        None, description="Raw points only: pass as from for the next points; null when none follow"
    )


class MetricSpan(BaseModel):
    metric: str
    unit: str | None
    count: int
    first: datetime
    last: datetime


class Metrics(BaseModel):
    path: str
    data: list[MetricSpan]


class UnmappedId(BaseModel):
    externalId: str
    points: int
    sample: dict[str, Json]
    firstSeen: datetime
    lastSeen: datetime


class UnmappedIds(BaseModel):
    data: list[UnmappedId]


class Schedule(BaseModel):
    integrationId: str
    schedule: str
    status: str
    nextRunAt: datetime | None
    lastRunAt: datetime | None
    lastSuccessAt: datetime | None
    lastError: str | None
    lastErrorAt: datetime | None
    failures: int
    pulledUntil: datetime | None
    runs: int
    pointsWritten: int
