"""Fixtures for the attack suite: a hub and client with the outbound policy on, as production runs."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from interlink.app import create_app
from interlink.services.hub import Hub


@pytest.fixture(scope="session")
def guarded_hub(hub: Hub) -> Hub:
    """The test hub's database and keys with ``INTERLINK_ALLOW_PRIVATE_NETWORKS`` off."""
    settings = dataclasses.replace(hub.settings, allow_private_networks=False, outbound_allow=())
    return Hub(settings, hub.db, hub.registry, hub.master_key)


@pytest.fixture(scope="session")
async def guarded_client(guarded_hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(guarded_hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://interlink.test") as http:
        yield http
