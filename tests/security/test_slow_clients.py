"""Slow clients against a real ``interlink serve``: slow-loris headers, silent sockets and slow 1 MB bodies.

Each attack is bounded; the test reports attempts, what got through and the server's RSS before, at peak
and after (run with ``-s`` to see the figures).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.server import Served, start, stop

HEADER_SECONDS, BODY_SECONDS = 1.0, 2.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    running = start(
        tmp_path_factory.mktemp("slow-clients"),
        INTERLINK_HEADER_SECONDS=str(HEADER_SECONDS),
        INTERLINK_BODY_SECONDS=str(BODY_SECONDS),
    )
    try:
        yield running
    finally:
        stop(running)


class Rss:
    """Samples the server's RSS every 50 ms while an attack runs."""

    def __init__(self, served: Served) -> None:
        self.served, self.before, self.peak, self.after = served, served.rss_mb, served.rss_mb, 0.0

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self.served.rss_mb)
            await asyncio.sleep(0.05)

    async def __aenter__(self) -> Rss:
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._task.cancel()
        self.after = self.served.rss_mb

    def report(self, name: str, attempts: int, through: int) -> str:
        return (
            f"{name}: {attempts} attempts, {through} got through; "
            f"RSS {self.before:.0f} MB before, {self.peak:.0f} MB peak, {self.after:.0f} MB after"
        )


@pytest.fixture
async def health(served: Served) -> AsyncIterator[list[float]]:
    """Latencies of /healthz asked every 100 ms while the test runs (after one unmeasured first answer)."""
    seen: list[float] = []
    http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{served.port}", timeout=10)
    # a fresh server's first answer pays for its first request and our first connection: not what is measured
    assert (await http.get("/healthz")).status_code == 200

    async def ask() -> None:
        while True:
            started = time.monotonic()
            assert (await http.get("/healthz")).status_code == 200
            seen.append(time.monotonic() - started)
            await asyncio.sleep(0.1)

    task = asyncio.create_task(ask())
    try:
        yield seen
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await http.aclose()


async def _dribbled_headers(port: int, started: float) -> float:
    """Send a request line, then one header byte every 200 ms until the server hangs up; when it did."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /v2/integrations HTTP/1.1\r\nHost: interlink\r\n")
        while True:
            try:
                writer.write(b"X")
                await writer.drain()
                if await asyncio.wait_for(reader.read(1), 0.2) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                continue
            except ConnectionError:
                return time.monotonic() - started
    finally:
        writer.close()


async def _silent(port: int, started: float) -> float:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        assert await reader.read(1) == b""
        return time.monotonic() - started
    finally:
        writer.close()


async def test_slow_loris_and_silent_connections_are_closed(served: Served, health: list[float]) -> None:
    started = time.monotonic()
    async with Rss(served) as rss, asyncio.timeout(HEADER_SECONDS + 10):
        closed = await asyncio.gather(
            *(_dribbled_headers(served.port, started) for _ in range(50)),
            *(_silent(served.port, started) for _ in range(50)),
        )
    print("\n" + rss.report("slow-loris + silent sockets", len(closed), 0))
    assert len(closed) == 100 and max(closed) < HEADER_SECONDS + 5, max(closed)
    assert health and max(health) < 1.0, health


async def _slow_body(port: int, key: str) -> int:
    """Declare 1 MB, send 900 KB at once, then trickle; the status the server answers with."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            b"POST /v2/messages HTTP/1.1\r\nHost: interlink\r\nContent-Type: application/json\r\n"
            b"X-Api-Key: " + key.encode() + b"\r\nContent-Length: 1000000\r\n\r\n" + b" " * 900_000
        )
        await writer.drain()
        while True:
            try:
                line = await asyncio.wait_for(reader.readline(), 0.5)
            except TimeoutError:
                writer.write(b" ")
                await writer.drain()
                continue
            return int(line.split()[1]) if line else 0
    except ConnectionError:
        return 0
    finally:
        writer.close()


async def test_slow_one_megabyte_bodies_are_bounded_in_time_and_memory(served: Served, health: list[float]) -> None:
    async with Rss(served) as rss, asyncio.timeout(BODY_SECONDS + 20):
        statuses = await asyncio.gather(*(_slow_body(served.port, served.admin_key) for _ in range(100)))
    through = sum(1 for s in statuses if s not in (408, 503, 0))
    print("\n" + rss.report("slow 1 MB bodies", len(statuses), through))
    assert through == 0, statuses
    assert statuses.count(408) >= 1 and statuses.count(503) >= 1, statuses
    assert rss.peak - rss.before < 80, (rss.before, rss.peak)
    assert health and max(health) < 1.0, health
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served.port}") as http:
        after = await http.post("/v2/messages", json={}, headers={"X-Api-Key": served.admin_key})
    assert after.status_code == 422, after.text  # an ordinary request is served again


def test_the_server_runs_from_the_cli(served: Served) -> None:
    assert served.admin_key.startswith("il_") and Path(f"/proc/{served.process.pid}").exists()
