"""``interlink dev``: write a new provider folder, and check every provider the registry finds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import interlink.providers
from interlink.catalog.checks import all_problems
from interlink.catalog.registry import DuplicateProvider, InvalidManifest, Registry, default_registry
from interlink.catalog.scaffold import scaffold
from interlink.sdk import Channel

dev_app = typer.Typer(help="Tools for writing providers.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
PACKAGE = Path(interlink.providers.__file__).parent


class Flow(StrEnum):
    EGRESS = "egress"
    INGRESS = "ingress"


Root = Annotated[
    Path | None,
    typer.Option("--root", help="The checkout to work in (it holds src/ and tests/); default: this installation's."),
]


def folders(root: Path | None) -> tuple[Path, Path]:
    """The providers package and the providers' test folder of a checkout."""
    if root is None:
        return PACKAGE, PACKAGE.parents[2] / "tests" / "providers"
    return root / "src" / "interlink" / "providers", root / "tests" / "providers"


@dev_app.command("new-provider")
def new_provider(
    provider: Annotated[str, typer.Argument(help="The id: lowercase snake case, also the folder and URL segment.")],
    direction: Annotated[Flow, typer.Option("--direction", help="egress sends out, ingress receives.")],
    channel: Annotated[
        str | None, typer.Option("--channel", help="Default: chat (egress) or alerts (ingress).")
    ] = None,
    root: Root = None,
) -> None:
    """Write the provider's folder and its test folder, with one fixture to fill in."""
    chosen = channel or ("chat" if direction is Flow.EGRESS else "alerts")
    if chosen not in {c.value for c in Channel}:
        err.print(f"[red]error:[/red] channel must be one of: {', '.join(c.value for c in Channel)}")
        raise typer.Exit(2)
    if provider in default_registry():
        err.print(f"[red]error:[/red] a provider {provider!r} is registered already")
        raise typer.Exit(2)
    src, tests = folders(root)
    try:
        written = scaffold(provider, direction.value, chosen, src, tests)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    base = src.parents[2]
    for path in written:
        out.print(f"wrote {path.relative_to(base) if path.is_relative_to(base) else path}")
    where = "as its source" if direction is Flow.EGRESS else "in fixtures/SOURCES.txt"
    out.print(f"Next: copy a real answer from the provider's documentation into the fixture, with its page {where}.")


@dev_app.command("check")
def check(root: Root = None) -> None:
    """Validate every manifest, fixture source and face alias, and print the catalog."""
    try:
        registry = default_registry() if root is None else Registry.discover(interlink.providers)
    except (DuplicateProvider, InvalidManifest) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    table = Table("id", "name", "direction", "channel", "availability", "code", "actions", "aliases")
    for m in registry:
        code = "sender" if registry.sender(m.id) is not None else ""
        table.add_row(
            m.id,
            m.name,
            m.direction.value,
            m.channel.value,
            m.availability.value,
            code,
            ", ".join(a.value for a in m.actions),
            ", ".join(f"{face}={alias}" for face, alias in m.aliases.items()),
        )
    out.print(table)
    problems = all_problems(registry, folders(root)[1])
    for problem in problems:
        err.print(f"[red]problem:[/red] {problem}")
    if problems:
        raise typer.Exit(1)
    out.print(f"{len(registry)} providers, no problems.")
