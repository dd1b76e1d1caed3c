"""The provider contract, over every provider the registry finds: adding a provider means adding a folder.

Each EGRESS provider with a sender declares its case in ``tests/providers/<id>/contract.py`` (``CASE``); the
harness (``interlink.sdk.testing``) runs every scenario against a local fake and checks what the delivery
engine relies on. INGRESS handlers join the same way once their harness half exists.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from interlink.catalog.registry import default_registry
from interlink.queue.transport import HttpTransport
from interlink.sdk import Direction
from interlink.sdk.testing import EgressCase, Scenario, check

HERE = Path(__file__).parent
REGISTRY = default_registry()
SENDERS = [m for m in REGISTRY.by_direction(Direction.EGRESS) if REGISTRY.sender(m.id) is not None]


def case_of(provider: str) -> EgressCase:
    try:
        module = importlib.import_module(f"tests.providers.{provider}.contract")
    except ModuleNotFoundError as exc:
        if not f"tests.providers.{provider}.contract".startswith(str(exc.name)):
            raise
        pytest.fail(f"{provider} has a sender but no contract case: add tests/providers/{provider}/contract.py")
    case: EgressCase = module.CASE
    assert case.provider == provider
    return case


def open_transport(allow_private: bool, timeout: float) -> HttpTransport:
    return HttpTransport(allow_private=allow_private, timeout=timeout)


@pytest.mark.parametrize("scenario", list(Scenario), ids=str)
@pytest.mark.parametrize("provider", [m.id for m in SENDERS])
async def test_every_sender_meets_the_contract(provider: str, scenario: Scenario) -> None:
    case = case_of(provider)
    if scenario not in case.scenarios:
        pytest.skip(f"{provider} has no {scenario} (its case says why)")
    manifest = REGISTRY.get(provider)
    sender = REGISTRY.sender(provider)
    assert manifest is not None and sender is not None
    await check(case, scenario, sender, manifest, open_transport)


def test_the_registry_drives_the_contract() -> None:
    """Every provider test folder belongs to a registered provider, and every sender is covered."""
    folders = {p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders <= {m.id for m in REGISTRY}, "a test folder names no registered provider"
    assert len(SENDERS) >= 1
