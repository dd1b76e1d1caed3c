"""Outbound HTTP for senders: one pooled aiohttp session, timeouts, and a guard against private networks."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from interlink.queue.outbound_policy import OutboundPolicy, is_internal, parse_address
from interlink.sdk.outbound import OutboundRefused

MAX_RESPONSE_BYTES = 64 * 1024
MAX_CHECKED_URLS = 4096


def is_private(address: str) -> bool:
    """Loopback, private, link-local, CGNAT, multicast, reserved and NAT64/IPv4-in-IPv6 forms of them."""
    ip = parse_address(address)
    return ip is None or is_internal(ip)


class GuardedResolver(AbstractResolver):
    """Resolves names and drops every answer the policy refuses, so DNS cannot point us inside."""

    def __init__(self, allow_private: bool = False, policy: OutboundPolicy | None = None) -> None:
        self._inner = DefaultResolver()
        self.policy = policy or OutboundPolicy(allow_private)
        self.vouched: set[str] = set()  # addresses of allow-listed names, which the socket check lets through

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        if self.policy.allow_private:
            return answers
        if self.policy.host_listed(host):
            self.vouched.update(a["host"] for a in answers)
            return answers
        answers = [a for a in answers if self.policy.address_refusal(a["host"]) is None]
        if not answers:
            raise OutboundRefused(f"{host} resolves only to private addresses, which are not allowed")
        return answers

    async def close(self) -> None:
        await self._inner.close()


def guarded_socket_factory(resolver: GuardedResolver) -> Callable[[Any], socket.socket]:
    """The last check, on the very address a connection dials (literal IPs never reach the resolver)."""

    def make(addr_info: Any) -> socket.socket:
        family, kind, proto, _, sockaddr = addr_info
        address = str(sockaddr[0])
        refused = resolver.policy.address_refusal(address)
        if refused is not None and address not in resolver.vouched:
            raise OutboundRefused(refused)
        return socket.socket(family=family, type=kind, proto=proto)

    return make


class HttpTransport:
    """What the engine lends every sender (see ``interlink.sdk.Transport``)."""

    def __init__(
        self, *, allow_private: bool, timeout: float = 10.0, limit: int = 256, allow: Iterable[str] = ()
    ) -> None:
        self.allow_private = allow_private
        self.policy = OutboundPolicy.build(allow_private, allow)
        self.timeout = timeout
        self._limit = limit
        self._session: aiohttp.ClientSession | None = None
        self._checked: dict[str, str | None] = {}  # the policy is fixed, so a URL's answer is too

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            resolver = GuardedResolver(policy=self.policy)
            connector = aiohttp.TCPConnector(
                limit=self._limit,
                resolver=resolver,
                ttl_dns_cache=60,
                socket_factory=guarded_socket_factory(resolver),
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                # every tenant's requests share this session: a cookie one receiver sets must never ride on
                # another's request (nor on the same one's: each delivery stands alone)
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=True,
                headers={"User-Agent": "Interlink/0.1"},
            )
        return self._session

    def check_url(self, url: str) -> str | None:
        """Why ``url`` may not be called, or None. Names are checked again when they resolve."""
        try:
            return self._checked[url]
        except (KeyError, TypeError):
            found = self.policy.url_refusal(url)
        if isinstance(url, str):
            if len(self._checked) >= MAX_CHECKED_URLS:
                self._checked.clear()
            self._checked[url] = found
        return found

    def check_host(self, host: str) -> str | None:
        """Why a connection to ``host`` (a name or a literal address, e.g. an SMTP server) may not be made, or None.

        A name passes here; a sender that resolves it checks each address it would connect to the same way.
        """
        return self.policy.host_refusal(host)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
