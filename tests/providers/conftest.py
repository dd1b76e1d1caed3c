"""What every provider's sender tests share: a transport that may reach the local fakes on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from interlink.queue.transport import HttpTransport


@pytest.fixture
async def transport() -> AsyncIterator[HttpTransport]:
    opened = HttpTransport(allow_private=True, timeout=2.0)
    yield opened
    await opened.close()
