"""How the pull side looks in the native API: schedules, unmapped external ids."""

from __future__ import annotations

from typing import Any

from interlink.core.timeutil import iso
from interlink.services.pull_status import ScheduleView
from interlink.services.telemetry import UnmappedView


def unmapped(row: UnmappedView) -> dict[str, Any]:
    return {
        "externalId": row.external_id,
        "points": row.points,
        "sample": row.sample,
        "firstSeen": iso(row.first_seen),
        "lastSeen": iso(row.last_seen),
    }


def schedule(view: ScheduleView) -> dict[str, Any]:
    job = view.job
    return {
        "integrationId": view.integration_id,
        "schedule": view.describe,
        "status": job.status if job else "none",
        "nextRunAt": iso(job.run_at) if job and job.status != "paused" else None,
        "lastRunAt": iso(job.last_run_at) if job else None,
        "lastSuccessAt": iso(job.last_success_at) if job else None,
        "lastError": job.last_error if job else None,
        "lastErrorAt": iso(job.last_error_at) if job else None,
        "failures": job.failures if job else 0,
        "pulledUntil": iso(job.pulled_until) if job else None,
        "runs": job.runs if job else 0,
        "pointsWritten": job.points_written if job else 0,
    }
