"""The metrics page: this process's counters plus the queue figures read from the database at scrape time."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from interlink.core import metrics
from interlink.core.timeutil import utcnow
from interlink.services.hub import Hub
from interlink.store import queue_stats

CONTENT_TYPE = CONTENT_TYPE_LATEST


async def render(hub: Hub) -> bytes:
    """Prometheus' text format, with queue depth and oldest job age as of now."""
    async with hub.db.read() as session:
        figures = await queue_stats.depth(session, utcnow())
    for queue, (waiting, oldest) in figures.items():
        metrics.QUEUE_DEPTH.labels(queue).set(waiting)
        metrics.QUEUE_OLDEST_AGE.labels(queue).set(oldest)
    return generate_latest(metrics.REGISTRY)
