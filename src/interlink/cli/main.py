"""``interlink``: start the server and administer keys, secrets and organizations."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from interlink.cli import backfill as backfill_cli
from interlink.cli import recipients as recipients_cli
from interlink.cli.dev import dev_app
from interlink.core import heap, logs
from interlink.core.crypto import CryptoError, MasterKey, write_key_file
from interlink.core.errors import InterlinkError
from interlink.core.settings import Settings, load_settings
from interlink.core.timeutil import iso
from interlink.services import keys as key_service
from interlink.services import sealing, secrets, tenants
from interlink.services.hub import Hub, open_hub
from interlink.services.worker import Worker

app = typer.Typer(help="Interlink: a self-hosted integrations hub.", no_args_is_help=True, add_completion=False)
keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
secrets_app = typer.Typer(help="Manage the master key that protects credentials.", no_args_is_help=True)
org_app = typer.Typer(help="Administer organizations.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(secrets_app, name="secrets")
app.add_typer(org_app, name="org")
app.add_typer(recipients_cli.app, name="recipients")
app.add_typer(dev_app, name="dev")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", envvar="INTERLINK_DATA_DIR", help="Where the database and key file live."),
]
err = Console(stderr=True)
T = TypeVar("T")


def _run(settings: Settings, work: Callable[[Hub], Awaitable[T]]) -> T:
    async def main() -> T:
        hub = await open_hub(settings)
        try:
            return await work(hub)
        finally:
            await hub.close()

    try:
        return asyncio.run(main())
    except InterlinkError as exc:
        err.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(2) from None
    except CryptoError as exc:
        err.print(f"[red]error:[/red] {exc} (is INTERLINK_MASTER_KEY or the key file the one this data was made with?)")
        raise typer.Exit(2) from None


@app.command()
def serve(
    data_dir: DataDir = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    worker: Annotated[bool, typer.Option("--worker/--no-worker", help="Run a delivery worker in this process.")] = True,
) -> None:
    """Start Interlink: migrate the database, create the defaults on first start, and serve the API."""
    import uvicorn

    from interlink import serving
    from interlink.app import create_app

    settings = load_settings(data_dir)
    logs.configure(log_level.upper(), settings.log_json)

    async def main() -> None:
        hub = await open_hub(settings)
        await sealing.seal_secret_properties(hub)
        boot = await tenants.ensure_default(hub)
        if boot.admin_key is not None:
            print("Interlink created its default organization with the environments development and production.")
            print("Admin API key for 'development' (shown once; keep it safe):")
            print(f"  {boot.admin_key.secret}")
        print(f"Data directory: {settings.data_dir}")
        print(f"Serving on http://{host}:{port}  (API docs: http://{host}:{port}/docs)", flush=True)
        config = serving.config(
            create_app(hub),
            host=host,
            port=port,
            log_level=log_level,
            lifespan="on",
            header_seconds=settings.header_seconds,
        )
        stop = asyncio.Event()
        heap.settle()
        background = asyncio.create_task(Worker(hub).run(stop)) if worker else None
        exporter = await _metrics_exporter(hub, host)
        try:
            await uvicorn.Server(config).serve()
        finally:
            stop.set()
            if background is not None:
                await background
            if exporter is not None:
                await exporter.cleanup()
            await hub.close()

    _loop_run(main())


async def _metrics_exporter(hub: Hub, host: str) -> Any:
    """Serve ``/metrics`` on ``INTERLINK_METRICS_PORT`` beside the API or the worker, when that is set."""
    if not hub.settings.metrics_port:
        return None
    from interlink.http_kit.metrics import start_exporter

    return await start_exporter(hub, host, hub.settings.metrics_port)


def _loop_run(coroutine: Awaitable[None]) -> None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is installed with uvicorn[standard]
        asyncio.run(coroutine)  # type: ignore[arg-type]
    else:
        uvloop.run(coroutine)  # type: ignore[arg-type]


@app.command("worker")
def worker_command(
    data_dir: DataDir = None,
    concurrency: Annotated[int | None, typer.Option(help="Deliveries in flight at once.")] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Run delivery workers only; any number of them can share one PostgreSQL database."""
    settings = load_settings(data_dir)
    logs.configure(log_level.upper(), settings.log_json)

    async def main() -> None:
        hub = await open_hub(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        exporter = await _metrics_exporter(hub, "127.0.0.1")
        heap.settle()
        print(f"worker ready (data directory {settings.data_dir})", flush=True)
        try:
            await Worker(hub, concurrency=concurrency).run(stop)
        finally:
            if exporter is not None:
                await exporter.cleanup()
            await hub.close()

    _loop_run(main())


@keys_app.command("create")
def keys_create(
    env: Annotated[str, typer.Option("--env", help="Environment name (development, production) or id.")],
    scopes: Annotated[str, typer.Option("--scopes", help="Comma-separated: read, write.")] = "read,write",
    name: Annotated[str, typer.Option("--name", help="A label to recognise the key by.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Create an API key; prints only the key, which is never shown again."""

    async def work(hub: Hub) -> str:
        await tenants.ensure_default(hub, admin_key=False)
        environment = await tenants.find_environment(hub, env)
        issued = await key_service.create(hub, environment, scopes.split(","), name)
        return issued.secret

    print(_run(load_settings(data_dir), work))


@keys_app.command("list")
def keys_list(data_dir: DataDir = None) -> None:
    """List API keys (never the keys themselves)."""

    async def work(hub: Hub) -> Table:
        envs = {e.id: e.name for e in await tenants.all_environments(hub)}
        table = Table("id", "name", "prefix", "env", "scopes", "created", "last used", "revoked")
        for key in await key_service.list_keys(hub, list(envs)):
            table.add_row(
                key.id,
                key.name,
                key.prefix + "…",
                envs.get(key.environment_id, "?"),
                ",".join(key.scopes),
                iso(key.created_at),
                iso(key.last_used_at) or "never",
                iso(key.revoked_at) or "",
            )
        return table

    Console(width=200).print(_run(load_settings(data_dir), work))


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (key_…).")], data_dir: DataDir = None) -> None:
    """Revoke an API key; it stops working at once."""
    _run(load_settings(data_dir), lambda hub: key_service.revoke(hub, key_id))
    print(f"revoked {key_id}")


@secrets_app.command("rotate")
def secrets_rotate(data_dir: DataDir = None) -> None:
    """Re-encrypt every credential under a new master key, in one transaction."""
    settings = load_settings(data_dir)
    new_key = MasterKey.generate()
    if settings.master_key:
        count = _run(settings, lambda hub: secrets.rotate(hub, new_key))
        err.print(f"Re-encrypted {count} credential set(s). INTERLINK_MASTER_KEY is set, so the new master key")
        err.print("is printed below: set it in INTERLINK_MASTER_KEY before the next start.")
        print(new_key.encode(), flush=True)
        return
    # The new key reaches the disk before the database commits to it, so a crash in between loses nothing.
    pending = settings.key_file.with_name(settings.key_file.name + ".new")
    write_key_file(pending, new_key)
    try:
        count = _run(settings, lambda hub: secrets.rotate(hub, new_key))
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    os.replace(pending, settings.key_file)
    err.print(f"Re-encrypted {count} credential set(s); the new master key is in {settings.key_file}.")


@org_app.command("enable-type")
def org_enable_type(
    type_id: Annotated[str, typer.Argument(help="A custom integration type, e.g. utility_data.")],
    org: Annotated[str | None, typer.Option("--org", help="Organization id; the default one if left out.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Let an organization use a custom integration type."""

    async def work(hub: Hub) -> str:
        boot = await tenants.ensure_default(hub, admin_key=False)
        org_id = org or boot.organization.id
        await tenants.enable_type(hub, org_id, type_id)
        return org_id

    print(f"enabled {type_id} for {_run(load_settings(data_dir), work)}")


app.command("backfill")(backfill_cli.backfill)


def main() -> None:  # pragma: no cover - console entry
    sys.exit(app())


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()
