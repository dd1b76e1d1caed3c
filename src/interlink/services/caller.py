"""Who is calling: the environment an API key is bound to and what it may do there."""

from __future__ import annotations

from dataclasses import dataclass

from interlink.core.errors import Forbidden

READ = "read"
WRITE = "write"
SCOPES = (READ, WRITE)


@dataclass(frozen=True)
class Caller:
    """The identity every service call acts as; all data access is scoped to ``environment_id``."""

    organization_id: str
    environment_id: str
    actor: str
    scopes: frozenset[str]
    environment_name: str = ""

    def require(self, scope: str) -> None:
        """Refuse with 403 unless the caller holds ``scope``."""
        if scope not in self.scopes:
            raise Forbidden(f"This API key lacks the '{scope}' scope")


def operator(organization_id: str, environment_id: str, environment_name: str = "") -> Caller:
    """A caller for the CLI, acting with every scope in one environment."""
    return Caller(organization_id, environment_id, "cli", frozenset(SCOPES), environment_name)
