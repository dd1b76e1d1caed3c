"""How full the queues are: the figures behind the queue-depth metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.tables import Action, Message

QUEUES: dict[str, type[Message] | type[Action]] = {"messages": Message, "actions": Action}
_WAITING = {"messages": ("queued", "sending"), "actions": ("queued", "running")}


async def depth(session: AsyncSession, now: datetime) -> dict[str, tuple[int, float]]:
    """Per queue: rows waiting or in flight, and the age in seconds of the oldest row already due."""
    figures: dict[str, tuple[int, float]] = {}
    for name, table in QUEUES.items():
        waiting = await session.scalar(select(func.count()).where(table.status.in_(_WAITING[name])))
        oldest = await session.scalar(
            select(table.run_at)
            .where(table.status == "queued", table.run_at <= now)
            .order_by(table.run_at)
            .limit(1)  # a seek on the queue index; min() may read every queued row's entry
        )
        figures[name] = (int(waiting or 0), (now - oldest).total_seconds() if oldest else 0.0)
    return figures
