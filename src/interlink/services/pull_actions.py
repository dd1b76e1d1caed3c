"""Backfill and preview: pull actions run by a worker, answered ``202`` like every action.

A backfill pulls its range chunk by chunk; each chunk's points commit together with the progress, under the
action's lease, so a restart resumes after the last committed chunk and a re-run rewrites the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from interlink.core.errors import Conflict, invalid
from interlink.core.timeutil import aware, iso, utcnow
from interlink.sdk import Action as ActionKind
from interlink.sdk import PullError, PullWindow, Transport
from interlink.services import actions, pull_context, pull_schedules, telemetry
from interlink.services.caller import WRITE, Caller
from interlink.services.hub import Hub
from interlink.store import action_rows
from interlink.store import queue as queue_store
from interlink.store import resources as resource_store
from interlink.store.tables import Action

MAX_RANGE = timedelta(days=3660)
MAX_CHUNKS = 10_000
PREVIEW_POINTS = 100


def parse_range(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """A backfill range: both ends given, ``from`` before ``to``, at most ten years, not in the future."""
    if start is None:
        raise invalid("from", "is required")
    if end is None:
        raise invalid("to", "is required")
    start, end = aware(start), aware(end)
    if end <= start:
        raise invalid("to", "must be after from")
    if end > now + timedelta(days=16):
        raise invalid("to", "may not be more than 16 days ahead")
    if end - start > MAX_RANGE:
        raise invalid("from", "the range may span at most ten years")
    return start, end


async def request_backfill(hub: Hub, caller: Caller, integration_id: str, start: Any, end: Any) -> actions.ActionView:
    """Queue a backfill of ``[from, to)`` for a type that supports it."""
    caller.require(WRITE)
    begin, finish = parse_range(start, end, utcnow())
    return await actions.request(
        hub, caller, integration_id, ActionKind.BACKFILL, {"from": iso(begin), "to": iso(finish)}
    )


async def request_preview(hub: Hub, caller: Caller, integration_id: str, sample: Any) -> actions.ActionView:
    """Queue a preview: what a sample (or one fetch) becomes, with nothing stored."""
    caller.require(WRITE)
    return await actions.request(hub, caller, integration_id, ActionKind.PREVIEW, {"sample": sample})


async def cancel(hub: Hub, caller: Caller, action_id: str) -> actions.ActionView:
    """Stop a queued or running action; a running backfill stops before its next chunk."""
    caller.require(WRITE)
    row = await actions.get(hub, caller, action_id)
    async with hub.db.write() as session:
        if not await action_rows.cancel(session, row.id, utcnow()):
            raise Conflict(f"Action {row.id} is already {row.status}")
    return await actions.get(hub, caller, action_id)


Progress = Callable[[dict[str, Any]], None]


async def run(hub: Hub, transport: Transport, action: Action, report: Progress | None = None) -> dict[str, Any]:
    """Carry out a pull action; returns the row's final state (ignored if the lease was lost meanwhile).

    ``report`` hears each committed chunk's progress (the CLI draws its bar from it).
    """
    if action.action == ActionKind.PREVIEW:
        return await _preview(hub, transport, action)
    return await _backfill(hub, transport, action, report)


async def finish(hub: Hub, action: Action, changes: dict[str, Any]) -> None:
    """Record the end of an action run here, if this run still holds it."""
    async with hub.db.write() as session:
        await queue_store.finish_many(session, Action, action.lease_owner or "", [{"id": action.id, **changes}])


async def claim(hub: Hub, action_id: str, owner: str) -> Action | None:
    """Take one queued action to run it here (the CLI); None if a worker took it first."""
    async with hub.db.write() as session:
        return await action_rows.claim_one(
            session, action_id, owner, utcnow(), timedelta(seconds=hub.settings.lease_seconds)
        )


def _end(status: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"status": status, "result": result, "updated_at": utcnow(), "lease_owner": None, "lease_until": None}


async def _backfill(hub: Hub, transport: Transport, action: Action, report: Progress | None) -> dict[str, Any]:
    setup = await pull_context.load(hub, action.integration_id)
    progress = dict(action.result or {})
    source = hub.registry.source(setup.integration.type) if setup else None
    if setup is None or source is None:
        return _end("failed", {**progress, "error": "the integration was deleted, deactivated or cannot pull"})
    start = datetime.fromisoformat(action.input["from"].replace("Z", "+00:00"))
    end = datetime.fromisoformat(action.input["to"].replace("Z", "+00:00"))
    total = min(MAX_CHUNKS, math.ceil((end - start) / source.chunk))
    chunk = max(source.chunk, (end - start) / total)
    done = int(progress.get("chunksDone", 0))
    written = int(progress.get("pointsWritten", 0))
    lease = timedelta(seconds=hub.settings.lease_seconds)
    for index in range(done, total):
        low = start + chunk * index
        high = min(end, low + chunk)
        try:
            points = await source.pull(PullWindow(setup.config, low, high, setup.targets, backfill=True), transport)
        except PullError as exc:
            failed = {
                **progress,
                "chunksDone": index,
                "chunksTotal": total,
                "pointsWritten": written,
                "error": exc.detail,
            }
            if not exc.retryable or action.attempts >= 8:
                return _end("failed", failed)
            # Back to the queue, progress kept: another claim resumes at this chunk once the backoff has passed.
            delay = pull_schedules.backoff(action.attempts + 1, exc.retry_after, timedelta(seconds=30))
            return {**_end("queued", failed), "run_at": utcnow() + delay, "attempts": action.attempts + 1}
        now = utcnow()
        async with hub.db.write() as session:
            if not await action_rows.held(session, action.id, action.lease_owner):
                return _end("cancelled", progress)  # cancelled or taken over: the row is no longer ours to write
            ingested = await telemetry.ingest(session, action.environment_id, action.integration_id, points, now)
            written += ingested.written
            progress = {
                "chunksDone": index + 1,
                "chunksTotal": total,
                "pointsWritten": written,
                "unmappedPoints": int(progress.get("unmappedPoints", 0)) + ingested.unmapped,
                "cursor": iso(high),
            }
            await action_rows.progress(session, action.id, progress, now + lease, now)
        if report is not None:
            report(progress)
    return _end("succeeded", {**progress, "chunksTotal": total})


async def _preview(hub: Hub, transport: Transport, action: Action) -> dict[str, Any]:
    setup = await pull_context.load(hub, action.integration_id)
    plugin: Any = None
    if setup is not None:
        plugin = hub.registry.source(setup.integration.type) or hub.registry.subscriber(setup.integration.type)
    if setup is None or plugin is None or not hasattr(plugin, "interpret"):
        return _end("failed", {"error": "the integration was deleted, deactivated or cannot preview"})
    sample = (action.input or {}).get("sample")
    try:
        if sample is not None:
            points = plugin.interpret(setup.config, sample, utcnow())
        elif hasattr(plugin, "pull"):
            now = utcnow()
            points = await plugin.pull(
                PullWindow(setup.config, now - timedelta(hours=1), now, setup.targets), transport
            )
        else:
            return _end("failed", {"error": "give a sample payload: this source is subscribed to, not fetched"})
    except (PullError, ValueError) as exc:
        return _end("failed", {"error": str(exc)})
    async with hub.db.read() as session:
        mapped = {m.external_id: m.resource_path for m in await resource_store.mappings(session, setup.integration.id)}
    shown = [
        {
            "externalId": p.external_id,
            "resourcePath": mapped.get(p.external_id),
            "metric": p.metric,
            "time": iso(p.time),
            "value": p.value,
            "unit": p.unit,
        }
        for p in points[:PREVIEW_POINTS]
    ]
    return _end("succeeded", {"count": len(points), "points": shown, "stored": False})
