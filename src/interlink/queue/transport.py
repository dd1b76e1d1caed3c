"""Outbound HTTP for senders: one pooled aiohttp session, timeouts, and a guard against private networks."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from interlink.sdk.outbound import OutboundRefused

MAX_RESPONSE_BYTES = 64 * 1024


def is_private(address: str) -> bool:
    """Loopback, private, link-local, reserved and metadata ranges are all 'private' here.

    An IPv6 address that embeds an IPv4 one (mapped, compatible, 6to4) is judged by the IPv4 address too.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global or ip.is_multicast:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and int(ip) >> 32 == 0:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return not embedded.is_global or embedded.is_multicast
    return False


class GuardedResolver(AbstractResolver):
    """Resolves names and refuses any answer in a private range, so DNS cannot point us inside."""

    def __init__(self, allow_private: bool) -> None:
        self._inner = DefaultResolver()
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        if not self._allow_private:
            answers = [a for a in answers if not is_private(a["host"])]
            if not answers:
                raise OutboundRefused(f"{host} resolves only to private addresses, which are not allowed")
        return answers

    async def close(self) -> None:
        await self._inner.close()


class HttpTransport:
    """What the engine lends every sender (see ``interlink.sdk.Transport``)."""

    def __init__(self, *, allow_private: bool, timeout: float = 10.0, limit: int = 256) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self._limit = limit
        self._session: aiohttp.ClientSession | None = None

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._limit, resolver=GuardedResolver(self.allow_private), ttl_dns_cache=60
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                auto_decompress=True,
                headers={"User-Agent": "Interlink/0.1"},
            )
        return self._session

    def check_url(self, url: str) -> str | None:
        """Why ``url`` may not be called, or None. Names are checked again when they resolve."""
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError:
            return "the URL cannot be parsed"
        if parts.scheme not in {"http", "https"} or not hostname:
            return "only http and https URLs can be called"
        host = hostname.rstrip(".")
        if not host:
            return "only http and https URLs can be called"
        try:
            literal: Any = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if not self.allow_private:
            if literal is not None and is_private(host):
                return f"{host} is a private address; set INTERLINK_ALLOW_PRIVATE_NETWORKS=true to allow it"
            if host == "localhost" or host.endswith(".localhost"):
                return "localhost is not allowed; set INTERLINK_ALLOW_PRIVATE_NETWORKS=true to allow it"
        return None

    def check_host(self, host: str) -> str | None:
        """Why a connection to ``host`` (a name or a literal address, e.g. an SMTP server) may not be made, or None.

        A name passes here; a sender that resolves it checks each address it would connect to the same way.
        """
        name = host.strip().removeprefix("[").removesuffix("]").rstrip(".").lower()
        if not name:
            return "no host given"
        if self.allow_private:
            return None
        try:
            ipaddress.ip_address(name)
        except ValueError:
            if name == "localhost" or name.endswith(".localhost"):
                return "localhost is not allowed; set INTERLINK_ALLOW_PRIVATE_NETWORKS=true to allow it"
            return None
        if is_private(name):
            return f"{name} is a private address; set INTERLINK_ALLOW_PRIVATE_NETWORKS=true to allow it"
        return None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
