"""The data directory is 0700 and every file in it 0600: the SQLite database, its WAL and shm, the key file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from interlink.core.settings import Settings
from interlink.services import tenants
from interlink.services.hub import open_hub


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_data_directory_and_its_files_are_private(tmp_path: Path) -> None:
    root = tmp_path / "data"
    hub = await open_hub(Settings(data_dir=root, database_url=f"sqlite+aiosqlite:///{root / 'interlink.db'}"))
    try:
        await tenants.create_organization(hub, "Acme")
        files = {p.name: _mode(p) for p in root.iterdir()}
        assert {"interlink.db", "interlink.db-wal", "interlink.db-shm", "master.key"} <= set(files)
        assert _mode(root) == 0o700
        assert files == dict.fromkeys(files, 0o600)
    finally:
        await hub.close()


async def test_loose_modes_left_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir(mode=0o755)
    (root / "interlink.db").touch(mode=0o644)
    os.chmod(root / "interlink.db", 0o644)
    hub = await open_hub(Settings(data_dir=root, database_url=f"sqlite+aiosqlite:///{root / 'interlink.db'}"))
    await hub.close()
    assert _mode(root) == 0o700 and _mode(root / "interlink.db") == 0o600
