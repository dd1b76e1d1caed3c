"""What every provider's tests share: a transport that may reach the local fakes, and the fixture check last."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interlink.queue.transport import HttpTransport

HERE = Path(__file__).parent
FINAL = "test_every_fixture_is_served_or_declared"
_deselected: list[pytest.Item] = []


@pytest.fixture
async def transport() -> AsyncIterator[HttpTransport]:
    opened = HttpTransport(allow_private=True, timeout=2.0)
    yield opened
    await opened.close()


def pytest_deselected(items: list[pytest.Item]) -> None:
    _deselected.extend(i for i in items if HERE in Path(i.path).parents)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the fixture check after every provider test, and only when all of them run (else it cannot judge)."""
    final = [i for i in items if i.name == FINAL]
    items[:] = [i for i in items if i.name != FINAL] + final
    ran = {Path(i.path) for i in items}
    every = set(HERE.rglob("test_*.py"))
    picked = any("::" in str(arg) for arg in config.args)
    config.provider_fixtures_judged = every <= ran and not _deselected and not picked  # type: ignore[attr-defined]
