"""``interlink recipients``: the recipient lists of email, SMS and phone integrations, phones verified by SMS."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from interlink.core.errors import InterlinkError
from interlink.core.settings import load_settings
from interlink.core.timeutil import iso
from interlink.services import recipients, tenants
from interlink.services.caller import Caller, operator
from interlink.services.hub import Hub, open_hub

app = typer.Typer(help="Manage integration recipient lists; phones join after SMS verification.", no_args_is_help=True)
DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", envvar="INTERLINK_DATA_DIR", help="Where the database and key file live."),
]
Env = Annotated[str, typer.Option("--env", help="Environment name (development, production) or id.")]
IntegrationId = Annotated[str, typer.Argument(help="The integration (int_…).")]
RecipientId = Annotated[str, typer.Argument(help="The recipient (rcp_…).")]
err = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


def _run(data_dir: Path | None, env: str, work: Callable[[Hub, Caller], Awaitable[T]]) -> T:
    """Open the hub, act as the CLI operator in ``env``, and turn an Interlink error into a clear message."""

    async def main() -> T:
        hub = await open_hub(load_settings(data_dir))
        try:
            boot = await tenants.ensure_default(hub, admin_key=False)
            environment = await tenants.find_environment(hub, env)
            return await work(hub, operator(boot.organization.id, environment.id, environment.name))
        finally:
            await hub.close()

    try:
        return asyncio.run(main())
    except InterlinkError as exc:
        fields = "; ".join(f"{e.path}: {e.message}" for e in exc.errors)
        err.print(f"[red]error:[/red] {exc.detail}" + (f" ({fields})" if fields and fields != exc.detail else ""))
        raise typer.Exit(2) from None


@app.command("list")
def list_(integration_id: IntegrationId, env: Env = "development", data_dir: DataDir = None) -> None:
    """List an integration's recipients and whether each is verified."""
    rows = _run(data_dir, env, lambda hub, who: recipients.list_recipients(hub, who, integration_id))
    table = Table("id", "address", "name", "status", "verified")
    for row in rows:
        table.add_row(row.id, row.address, row.name or "", row.status, iso(row.verified_at) or "")
    Console(width=200).print(table)


@app.command("add")
def add(
    integration_id: IntegrationId,
    address: Annotated[str, typer.Argument(help="An email address, or a phone number in E.164 form.")],
    name: Annotated[str | None, typer.Option("--name", help="A label.")] = None,
    sms: Annotated[
        str | None, typer.Option("--sms-integration", help="The SMS integration that sends the code.")
    ] = None,
    env: Env = "development",
    data_dir: DataDir = None,
) -> None:
    """Add a recipient; a phone number is sent a code by SMS and joins once verified."""
    new = recipients.NewRecipient(address, name, sms)
    row = _run(data_dir, env, lambda hub, who: recipients.add(hub, who, integration_id, new))
    print(f"{row.id} {row.address} {row.status}")
    if row.status == "pending":
        err.print(f"A code is on its way by SMS; run: interlink recipients verify {integration_id} {row.id} CODE")


@app.command("verify")
def verify(
    integration_id: IntegrationId,
    recipient_id: RecipientId,
    code: Annotated[str, typer.Argument(help="The 6-digit code sent by SMS.")],
    env: Env = "development",
    data_dir: DataDir = None,
) -> None:
    """Verify a phone number with the code sent to it."""
    row = _run(data_dir, env, lambda hub, who: recipients.verify(hub, who, integration_id, recipient_id, code))
    print(f"{row.id} {row.address} {row.status}")


@app.command("resend")
def resend(
    integration_id: IntegrationId, recipient_id: RecipientId, env: Env = "development", data_dir: DataDir = None
) -> None:
    """Send a new code (at most one a minute, three an hour)."""
    row = _run(data_dir, env, lambda hub, who: recipients.resend(hub, who, integration_id, recipient_id))
    print(f"{row.id} {row.address} {row.status}")


@app.command("remove")
def remove(
    integration_id: IntegrationId, recipient_id: RecipientId, env: Env = "development", data_dir: DataDir = None
) -> None:
    """Remove a recipient from the list."""
    row = _run(data_dir, env, lambda hub, who: recipients.remove(hub, who, integration_id, recipient_id))
    print(f"removed {row.id}")
