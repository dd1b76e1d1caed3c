"""Contract over every provider's test folder: each documented payload in ``fixtures/`` is used by a test."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
FOLDERS = sorted(p for p in HERE.iterdir() if (p / "fixtures").is_dir())


def test_the_provider_folders_with_fixtures_are_found() -> None:
    assert {"sendgrid", "twilio", "telegram"} <= {p.name for p in FOLDERS}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_fixture_is_used(folder: Path) -> None:
    source = "".join(path.read_text() for path in folder.glob("*.py"))
    unused = [f.name for f in sorted((folder / "fixtures").glob("*.json")) if f'"{f.stem}"' not in source]
    assert unused == []
