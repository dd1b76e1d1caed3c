"""Runtime settings, read from the environment and the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = ".interlink"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything a process needs to know to open its data and serve."""

    data_dir: Path
    database_url: str
    master_key: str | None = None
    max_body_bytes: int = 1_048_576
    allow_private_networks: bool = False
    log_json: bool = True

    @property
    def key_file(self) -> Path:
        """Where the master key lives when ``INTERLINK_MASTER_KEY`` is not set."""
        return self.data_dir / "master.key"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(data_dir: str | os.PathLike[str] | None = None, database_url: str | None = None) -> Settings:
    """Build settings: explicit arguments first, then ``INTERLINK_*`` variables, then defaults."""
    root = Path(data_dir or os.environ.get("INTERLINK_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    url = database_url or os.environ.get("INTERLINK_DATABASE_URL") or f"sqlite+aiosqlite:///{root / 'interlink.db'}"
    return Settings(
        data_dir=root,
        database_url=url,
        master_key=os.environ.get("INTERLINK_MASTER_KEY") or None,
        max_body_bytes=int(os.environ.get("INTERLINK_MAX_BODY_BYTES", "1048576")),
        allow_private_networks=_flag("INTERLINK_ALLOW_PRIVATE_NETWORKS"),
        log_json=_flag("INTERLINK_LOG_JSON", True),
    )
