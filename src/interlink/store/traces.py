"""Everything stored under one trace id in one environment: inbound requests, alerts, messages, attempts, audit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.inbound_tables import Alert, AlertEvent, InboundEvent
from interlink.store.tables import AuditEvent, DeliveryAttempt, Message


async def inbound_events(session: AsyncSession, environment_id: str, trace_id: str) -> list[InboundEvent]:
    query = select(InboundEvent).where(InboundEvent.environment_id == environment_id, InboundEvent.trace_id == trace_id)
    return list(await session.scalars(query.order_by(InboundEvent.id)))


async def alert_events(session: AsyncSession, environment_id: str, trace_id: str) -> list[tuple[AlertEvent, Alert]]:
    query = (
        select(AlertEvent, Alert)
        .join(Alert, Alert.id == AlertEvent.alert_id)
        .where(Alert.environment_id == environment_id, AlertEvent.trace_id == trace_id)
        .order_by(AlertEvent.id)
    )
    return [(row[0], row[1]) for row in await session.execute(query)]


async def messages(session: AsyncSession, environment_id: str, trace_id: str) -> list[Message]:
    query = select(Message).where(Message.environment_id == environment_id, Message.trace_id == trace_id)
    return list(await session.scalars(query.order_by(Message.id)))


async def attempts(session: AsyncSession, environment_id: str, trace_id: str) -> list[DeliveryAttempt]:
    query = (
        select(DeliveryAttempt)
        .join(Message, Message.id == DeliveryAttempt.message_id)
        .where(Message.environment_id == environment_id, DeliveryAttempt.trace_id == trace_id)
        .order_by(DeliveryAttempt.id)
    )
    return list(await session.scalars(query))


async def audit_events(session: AsyncSession, environment_id: str, trace_id: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.environment_id == environment_id, AuditEvent.trace_id == trace_id)
    return list(await session.scalars(query.order_by(AuditEvent.id)))
