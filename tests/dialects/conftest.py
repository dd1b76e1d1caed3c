"""A real Interlink server on 127.0.0.1 for the official Novu SDK, which is synchronous and speaks HTTP only.

The server runs in its own thread and event loop, so it opens its own hub on the same settings (the
same database); keys are made by the ``tenant`` fixture in the test loop. SDK calls run in a worker
thread (``asyncio.to_thread``) so the test loop stays free.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial
from typing import Any

import pytest
import uvicorn
from novu_py import Novu
from novu_py.utils import BackoffStrategy, RetryConfig

from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.services.hub import Hub

NO_RETRIES = RetryConfig("none", BackoffStrategy(1, 1, 1.0, 1), False)


@pytest.fixture(scope="session")
async def server_url(settings: Settings, hub: Hub) -> AsyncIterator[str]:
    """Serve ``create_app(settings=…)`` with uvicorn; the app opens its own hub when it starts."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings=settings), host="127.0.0.1", port=port, loop="asyncio", lifespan="on", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        await asyncio.sleep(0.02)  # never block the test loop: its worker may hold SQLite's write lock
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def novu(server_url: str) -> Iterator[Callable[[str], Novu]]:
    """Make a Novu SDK client for a key, retries off (a test that expects an error must see it at once)."""
    clients: list[Novu] = []

    def make(secret: str) -> Novu:
        client = Novu(secret_key=secret, server_url=server_url, retry_config=NO_RETRIES)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


async def call(method: Callable[..., Any], /, **kwargs: Any) -> Any:
    """Run one synchronous SDK call off the test loop."""
    return await asyncio.to_thread(partial(method, **kwargs))
