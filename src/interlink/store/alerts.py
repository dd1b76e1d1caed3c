"""Queries for alerts, their dedup keys and their timelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.inbound_tables import Alert, AlertEvent, AlertKey

UNRESOLVED = ("open", "acknowledged")


def key_rows(alert: Alert) -> list[AlertKey]:
    """The dedup index rows of an unresolved alert: its third-party id and each dedup key."""
    if alert.integration_id is None:
        return []
    keys = {f"id:{alert.third_party_id}"} if alert.third_party_id else set()
    keys |= {f"key:{k}" for k in alert.dedup_keys}
    return [AlertKey(integration_id=alert.integration_id, key=k, alert_id=alert.id) for k in sorted(keys)]


def lookup_keys(third_party_id: str | None, dedup_keys: list[str] | tuple[str, ...]) -> list[str]:
    keys = [f"id:{third_party_id}"] if third_party_id else []
    return keys + [f"key:{k}" for k in dedup_keys]


async def find_unresolved(
    session: AsyncSession, integration_id: str, third_party_id: str | None, dedup_keys: list[str] | tuple[str, ...]
) -> Alert | None:
    """The unresolved alert of this integration that has this third-party id or one of these dedup keys."""
    keys = lookup_keys(third_party_id, dedup_keys)
    if not keys:
        return None
    query = (
        select(Alert)
        .join(AlertKey, AlertKey.alert_id == Alert.id)
        .where(AlertKey.integration_id == integration_id, AlertKey.key.in_(keys), Alert.status.in_(UNRESOLVED))
        .order_by(Alert.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Alert)
    return await session.scalar(query)


async def forget_keys(session: AsyncSession, alert_id: str) -> None:
    """A resolved or dropped alert no longer absorbs repeats."""
    await session.execute(delete(AlertKey).where(AlertKey.alert_id == alert_id))


async def get(
    session: AsyncSession, alert_id: str, *, environment_id: str | None = None, lock: bool = False
) -> Alert | None:
    query = select(Alert).where(Alert.id == alert_id)
    if environment_id is not None:
        query = query.where(Alert.environment_id == environment_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return await session.scalar(query)


async def timeline(session: AsyncSession, alert_id: str) -> list[AlertEvent]:
    return list(
        await session.scalars(select(AlertEvent).where(AlertEvent.alert_id == alert_id).order_by(AlertEvent.id))
    )


@dataclass(frozen=True)
class AlertFilter:
    """What ``GET /v2/alerts`` may filter on."""

    status: str | None = None
    urgency: str | None = None
    integration_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None
    trace_id: str | None = None


async def page(
    session: AsyncSession, environment_id: str, filters: AlertFilter, *, before: str | None, limit: int
) -> list[Alert]:
    """Newest first."""
    query = select(Alert).where(Alert.environment_id == environment_id)
    if filters.status:
        query = query.where(Alert.status == filters.status)
    if filters.urgency:
        query = query.where(Alert.urgency == filters.urgency)
    if filters.integration_id:
        query = query.where(Alert.integration_id == filters.integration_id)
    if filters.since:
        query = query.where(Alert.created_at >= filters.since)
    if filters.until:
        query = query.where(Alert.created_at < filters.until)
    if filters.trace_id:
        query = query.where(Alert.trace_id == filters.trace_id)
    if filters.text:
        pattern = "%" + filters.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Alert.title.ilike(pattern, escape="\\"), Alert.description.ilike(pattern, escape="\\")))
    if before:
        query = query.where(Alert.id < before)
    return list(await session.scalars(query.order_by(Alert.id.desc()).limit(limit)))


async def unresolved_by_keys(session: AsyncSession, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], Alert]:
    """The unresolved alert holding each (integration id, key) pair, for a whole batch in few queries."""
    found: dict[tuple[str, str], Alert] = {}
    wanted = sorted(pairs)
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        query = (
            select(Alert, AlertKey.integration_id, AlertKey.key)
            .join(AlertKey, AlertKey.alert_id == Alert.id)
            .where(
                AlertKey.integration_id.in_({i for i, _ in chunk}),
                AlertKey.key.in_({k for _, k in chunk}),
                Alert.status.in_(UNRESOLVED),
            )
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Alert)
        for alert, integration_id, key in await session.execute(query):
            if (integration_id, key) in pairs:
                found[(integration_id, key)] = alert
    return found
