"""SQL for pull schedules: one queue row per pull integration, claimed through ``store/queue.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.store.pull_tables import PullJob
from interlink.store.tables import Place, ResourceMapping


async def get(session: AsyncSession, job_id: str) -> PullJob | None:
    return await session.get(PullJob, job_id)


async def schedule(session: AsyncSession, job_id: str, environment_id: str, run_at: datetime, now: datetime) -> None:
    """Create the job, or queue it again (due at ``run_at``, failures forgotten) after its integration changed.

    A job someone holds keeps its lease; the holder's next write puts it back in the queue.
    """
    job = await session.get(PullJob, job_id, with_for_update=True)
    if job is None:
        session.add(PullJob(id=job_id, environment_id=environment_id, run_at=run_at, updated_at=now))
        return
    job.run_at, job.failures, job.updated_at, job.state = run_at, 0, now, {}
    if job.status == "paused":
        job.status = "queued"


async def pause(session: AsyncSession, job_id: str, now: datetime) -> None:
    """Stop scheduling (integration deactivated or deleted); a holder notices on its next lease check."""
    await session.execute(
        update(PullJob)
        .where(PullJob.id == job_id)
        .values(status="paused", lease_owner=None, lease_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def renew(session: AsyncSession, job_id: str, owner: str, until: datetime, changes: dict[str, object]) -> bool:
    """Extend this owner's lease (and apply ``changes``); False when the lease was lost."""
    result = await session.execute(
        update(PullJob)
        .where(PullJob.id == job_id, PullJob.lease_owner == owner, PullJob.status == "running")
        .values(lease_until=until, **changes)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def held(session: AsyncSession, job_id: str, owner: str) -> bool:
    """Whether ``owner`` still holds the job, locking it until the transaction ends."""
    query = select(PullJob.id).where(PullJob.id == job_id, PullJob.lease_owner == owner, PullJob.status == "running")
    return (await session.scalar(query.with_for_update())) is not None


async def targets(session: AsyncSession, integration_id: str) -> list[tuple[str, float | None, float | None]]:
    """Each mapped external id of an integration with its Place's coordinates."""
    rows = await session.execute(
        select(ResourceMapping.external_id, Place.latitude, Place.longitude)
        .join(Place, Place.id == ResourceMapping.place_id)
        .where(ResourceMapping.integration_id == integration_id)
        .order_by(ResourceMapping.external_id)
    )
    return [(external_id, lat, lon) for external_id, lat, lon in rows]
