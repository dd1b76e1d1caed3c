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
    body_seconds: float = 30.0  # a request body must arrive within this long (408 otherwise)
    header_seconds: float = 10.0  # a request's headers must arrive within this long (the connection closes)
    allow_private_networks: bool = False
    outbound_allow: tuple[str, ...] = ()  # hosts, ".domain" suffixes and CIDRs the outbound policy lets through
    log_json: bool = True
    retry_schedule: str | None = None
    worker_concurrency: int = 256
    lease_seconds: float = 60.0
    poll_seconds: float = 0.5
    breaker_threshold: int = 5
    breaker_cooldown: float = 30.0
    send_timeout: float = 10.0
    metrics: bool = False
    metrics_port: int | None = None

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
        body_seconds=float(os.environ.get("INTERLINK_BODY_SECONDS", "30")),
        header_seconds=float(os.environ.get("INTERLINK_HEADER_SECONDS", "10")),
        allow_private_networks=_flag("INTERLINK_ALLOW_PRIVATE_NETWORKS"),
        outbound_allow=tuple(e.strip() for e in os.environ.get("INTERLINK_OUTBOUND_ALLOW", "").split(",") if e.strip()),
        log_json=_flag("INTERLINK_LOG_JSON", True),
        retry_schedule=os.environ.get("INTERLINK_RETRY_SCHEDULE") or None,
        worker_concurrency=int(os.environ.get("INTERLINK_WORKER_CONCURRENCY", "256")),
        lease_seconds=float(os.environ.get("INTERLINK_LEASE_SECONDS", "60")),
        poll_seconds=float(os.environ.get("INTERLINK_POLL_SECONDS", "0.5")),
        breaker_threshold=int(os.environ.get("INTERLINK_BREAKER_THRESHOLD", "5")),
        breaker_cooldown=float(os.environ.get("INTERLINK_BREAKER_COOLDOWN", "30")),
        send_timeout=float(os.environ.get("INTERLINK_SEND_TIMEOUT", "10")),
        metrics=_flag("INTERLINK_METRICS"),
        metrics_port=int(os.environ["INTERLINK_METRICS_PORT"]) if os.environ.get("INTERLINK_METRICS_PORT") else None,
    )
