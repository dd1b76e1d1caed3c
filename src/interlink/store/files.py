"""The data directory and its files are the owner's alone: directory 0700, database, WAL, shm and key 0600."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_path(database_url: str) -> Path | None:
    """The database file a SQLite URL names, or None (another engine, or in memory)."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def secure(data_dir: Path, database_url: str) -> None:
    """Create the data directory 0700 and the SQLite file 0600 before SQLite opens it.

    SQLite gives its -wal and -shm files the mode of the database file, so they are 0600 too; files left
    from an older version with looser modes are tightened.
    """
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    database = sqlite_path(database_url)
    if database is not None:
        database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in [*(Path(f"{database}{s}") for s in SUFFIXES if database), *data_dir.iterdir()]:
        if path.is_file():
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)
