"""The ceiling for the egress benchmark: the fastest plain aiohttp loop POSTing signed-size bodies.

Run as ``python -m bench._post_loop URL COUNT CONCURRENCY``; prints the seconds it took.
"""

from __future__ import annotations

import asyncio
import sys
import time

import aiohttp

BODY = b'{"type":"order.paid","timestamp":"2026-01-01T00:00:00.000Z","messageId":"msg_x","data":{"n":1}}'


async def main(url: str, count: int, concurrency: int) -> None:
    headers = {"Content-Type": "application/json", "webhook-signature": "v1," + "A" * 44}
    left = iter(range(count))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:

        async def worker() -> None:
            for _ in left:
                async with session.post(url, data=BODY, headers=headers) as response:
                    await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        print(f"{time.perf_counter() - started:.4f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
