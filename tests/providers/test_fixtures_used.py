"""Every documented payload in a provider's ``fixtures/`` was served by a fake or declared by a test in this run.

The harness records both (``interlink.sdk.testing.fixtures``); this check runs after every other provider test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interlink.sdk.testing import fixtures

HERE = Path(__file__).parent
FOLDERS = sorted(p for p in HERE.iterdir() if (p / "fixtures").is_dir())


def test_every_fixture_names_its_public_source() -> None:
    missing = [
        f"{folder.name}/{name}"
        for folder in FOLDERS
        for name in fixtures(folder).names()
        if not str(fixtures(folder).source(name)).startswith("https://")
    ]
    assert missing == []


def test_every_fixture_is_served_or_declared(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config, "provider_fixtures_judged", False):
        pytest.skip("only a run of every provider test can tell which fixtures went unused")
    judged = [folder for folder in FOLDERS if (folder / "contract.py").is_file()]
    unused = [f"{folder.name}/{name}" for folder in judged for name in fixtures(folder).unused()]
    assert unused == [], "fixtures no fake served and no test declared"
