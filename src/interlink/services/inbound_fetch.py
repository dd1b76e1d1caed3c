"""Documents an inbound source needs from elsewhere (SNS certificates), fetched through the guarded HTTP client.

Certificates are cached per process for an hour; bodies are capped; a URL the outbound policy refuses is
never dialled.
"""

from __future__ import annotations

import time

import aiohttp

from interlink.queue.transport import HttpTransport

MAX_BYTES = 65_536
CACHE_SECONDS = 3600.0
_cache: dict[str, tuple[float, bytes]] = {}


class FetchFailed(Exception):
    """A document could not be fetched; the event is tried again later."""


async def _get(transport: HttpTransport, url: str) -> bytes:
    refused = transport.check_url(url)
    if refused:
        raise FetchFailed(f"refused by the outbound policy: {refused}")
    try:
        async with transport.http.get(url, timeout=aiohttp.ClientTimeout(total=transport.timeout)) as response:
            body = await response.content.read(MAX_BYTES + 1)
            if response.status != 200 or len(body) > MAX_BYTES:
                raise FetchFailed(f"answered {response.status}")
            return body
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise FetchFailed(type(exc).__name__) from None


async def fetch_all(transport: HttpTransport | None, urls: list[str]) -> dict[str, bytes]:
    """Each URL's body, from the cache when fresh."""
    found: dict[str, bytes] = {}
    for url in urls:
        cached = _cache.get(url)
        if cached and cached[0] > time.monotonic():
            found[url] = cached[1]
            continue
        if transport is None:
            raise FetchFailed("no HTTP client in this process")
        body = await _get(transport, url)
        if len(_cache) > 64:
            _cache.clear()
        _cache[url] = (time.monotonic() + CACHE_SECONDS, body)
        found[url] = body
    return found


async def visit(transport: HttpTransport | None, url: str) -> None:
    """GET a URL a source asked to be visited (a subscription confirmation)."""
    if transport is None:
        raise FetchFailed("no HTTP client in this process")
    await _get(transport, url)
