"""``interlink backfill``: pull a past range for one integration here, with a progress bar."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from interlink.core.crypto import CryptoError
from interlink.core.errors import InterlinkError
from interlink.core.ids import new_id
from interlink.core.settings import load_settings
from interlink.queue.transport import HttpTransport
from interlink.services import actions, pull_actions, tenants
from interlink.services.caller import operator
from interlink.services.hub import Hub, open_hub

err = Console(stderr=True)


def _when(value: str, name: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter("must be an ISO 8601 date or time, e.g. 2024-01-01", param_hint=name) from None


def backfill(
    integration: Annotated[str, typer.Argument(help="The integration's id (int_…).")],
    start: Annotated[str, typer.Option("--from", help="Start of the range (ISO 8601), inclusive.")],
    end: Annotated[str, typer.Option("--to", help="End of the range (ISO 8601), exclusive.")],
    env: Annotated[str, typer.Option("--env", help="Environment name or id.")] = "development",
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", envvar="INTERLINK_DATA_DIR", help="Where the database and key file live."),
    ] = None,
) -> None:
    """Pull a past range again, chunk by chunk; re-running a range writes no duplicates."""
    begin, finish = _when(start, "--from"), _when(end, "--to")
    settings = load_settings(data_dir)
    try:
        result = asyncio.run(_backfill(settings, integration, begin, finish, env))
    except InterlinkError as exc:
        err.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(2) from None
    except CryptoError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    status, outcome = result
    if status != "succeeded":
        err.print(f"[red]backfill {status}:[/red] {outcome.get('error', '')}")
        raise typer.Exit(1)
    print(f"backfill done: {outcome.get('chunksDone', 0)} chunks, {outcome.get('pointsWritten', 0)} points written")


async def _backfill(
    settings: Any, integration: str, begin: datetime, finish: datetime, env: str
) -> tuple[str, dict[str, Any]]:
    hub = await open_hub(settings)
    transport = HttpTransport(allow_private=settings.allow_private_networks, timeout=settings.send_timeout)
    try:
        environment = await tenants.find_environment(hub, env)
        caller = operator(environment.organization_id, environment.id, environment.name)
        queued = await pull_actions.request_backfill(hub, caller, integration, begin, finish)
        with Progress(
            TextColumn("backfill {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[points]} points"),
            TimeElapsedColumn(),
            console=err,
        ) as bar:
            task = bar.add_task(queued.id, total=None, points=0)

            def show(progress: dict[str, Any]) -> None:
                bar.update(
                    task,
                    completed=progress.get("chunksDone", 0),
                    total=progress.get("chunksTotal"),
                    points=progress.get("pointsWritten", 0),
                )

            return await _run_or_follow(hub, transport, caller, queued.id, show)
    finally:
        await transport.close()
        await hub.close()


async def _run_or_follow(
    hub: Hub, transport: HttpTransport, caller: Any, action_id: str, show: Any
) -> tuple[str, dict[str, Any]]:
    """Run the backfill here; if a worker claimed it first, follow its progress instead."""
    claimed = await pull_actions.claim(hub, action_id, new_id("wrk"))
    if claimed is not None:
        changes = await pull_actions.run(hub, transport, claimed, show)
        await pull_actions.finish(hub, claimed, changes)
        show(changes["result"])
        return changes["status"], changes["result"]
    while True:
        row = await actions.get(hub, caller, action_id)
        show(row.result or {})
        if row.status not in ("queued", "running"):
            return row.status, row.result or {}
        await asyncio.sleep(0.5)
