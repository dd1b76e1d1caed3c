"""A client whose server runs with the outbound policy on (``INTERLINK_ALLOW_PRIVATE_NETWORKS`` off)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from interlink.app import create_app
from interlink.services.hub import Hub


@pytest.fixture(scope="session")
async def policed_client(hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    settings = dataclasses.replace(hub.settings, allow_private_networks=False, outbound_allow=())
    policed = Hub(settings, hub.db, hub.registry, hub.master_key)
    transport = httpx.ASGITransport(app=create_app(policed))
    async with httpx.AsyncClient(transport=transport, base_url="http://interlink.test") as http:
        yield http
