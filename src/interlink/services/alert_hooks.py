"""Where other services learn that an alert opened or left ``open``, inside the same transaction.

Contract (kept stable):

- ``alert_listeners`` is a module-level list of ``AlertListener`` objects; ``register(listener)``
  appends one once (registering the same object twice is a no-op).
- ``await listener.on_opened(session, hub, alert)`` runs when a *new* alert is opened (not when a
  repeat is counted into an existing one). ``alert`` is an ``AlertView``.
- ``await listener.on_closed(session, hub, alert_id, status)`` runs whenever an alert's status changes
  away from ``open`` or on to a final status: ``status`` is the new one, ``acknowledged``, ``resolved``
  or ``dropped`` (an acknowledged alert that is later resolved calls it again with ``resolved``).
- Both run inside the transaction that made the change, with its ``AsyncSession``: whatever a
  listener writes commits or rolls back with the alert. A listener that raises rolls the change back
  (an inbound event is then retried by the queue; an API call answers with the error), so listeners
  should only raise for what must not be committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from interlink.services.hub import Hub


@dataclass(frozen=True)
class AlertView:
    """An alert as services hand it around: plain values, no ORM row."""

    id: str
    environment_id: str
    organization_id: str
    integration_id: str | None
    title: str
    description: str | None
    urgency: str
    status: str
    third_party_id: str | None
    dedup_keys: tuple[str, ...]
    tags: tuple[str, ...]
    additional_data: tuple[dict[str, Any], ...]
    count: int
    inbound_event_ids: tuple[str, ...]
    trace_id: str | None
    created_at: datetime
    updated_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    dropped_at: datetime | None


class AlertListener(Protocol):
    """Told about alerts opening and closing; see the module docstring for when and how."""

    async def on_opened(self, session: AsyncSession, hub: Hub, alert: AlertView) -> None: ...

    async def on_closed(self, session: AsyncSession, hub: Hub, alert_id: str, status: str) -> None: ...


alert_listeners: list[AlertListener] = []


def register(listener: AlertListener) -> None:
    """Add a listener once."""
    if not any(existing is listener for existing in alert_listeners):
        alert_listeners.append(listener)


def unregister(listener: AlertListener) -> None:
    """Remove a listener (tests)."""
    alert_listeners[:] = [existing for existing in alert_listeners if existing is not listener]


async def opened(session: AsyncSession, hub: Hub, alert: AlertView) -> None:
    for listener in list(alert_listeners):
        await listener.on_opened(session, hub, alert)


async def closed(session: AsyncSession, hub: Hub, alert_id: str, status: str) -> None:
    for listener in list(alert_listeners):
        await listener.on_closed(session, hub, alert_id, status)
