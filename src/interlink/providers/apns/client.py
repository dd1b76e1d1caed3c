"""HTTP/2 for APNs (which speaks nothing else): pooled httpx clients per host, checked against the URL policy."""

from __future__ import annotations

import asyncio
import os
import socket
import time
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlsplit

import httpx

from interlink.sdk import Transport

RECHECK = 60.0  # seconds between checks of what a host resolves to


def _no_cookies() -> CookieJar:
    """A jar that keeps nothing: every tenant's pushes to an origin share its client, and must not share cookies."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


class Http2Pool:
    """One HTTP/2 client per origin (and trust store), reused across sends as Apple asks."""

    def __init__(self) -> None:
        self._clients: dict[tuple[str, str], httpx.AsyncClient] = {}
        self._checked: dict[str, float] = {}

    def client(self, origin: str, timeout: float) -> httpx.AsyncClient:
        key = (origin, os.environ.get("SSL_CERT_FILE", ""))
        found = self._clients.get(key)
        if found is None or found.is_closed:
            found = httpx.AsyncClient(http2=True, timeout=timeout, follow_redirects=False, cookies=_no_cookies())
            self._clients[key] = found
        return found

    async def aclose(self) -> None:
        """Close every pooled connection (a TLS peer that is stopping waits for our side to close)."""
        clients, self._clients = list(self._clients.values()), {}
        for found in clients:
            await found.aclose()

    async def refused(self, url: str, transport: Transport) -> str | None:
        """Why the URL may not be called: the policy on the URL, and on every address its host resolves to."""
        why = transport.check_url(url)
        if why:
            return why
        host = urlsplit(url).hostname or ""
        if time.monotonic() - self._checked.get(host, -RECHECK) < RECHECK:
            return None
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return None  # the connection attempt reports it, and is retried
        for info in infos:
            why = transport.check_host(str(info[4][0]))
            if why:
                return why
        self._checked[host] = time.monotonic()
        return None
