"""Outbound HTTP for senders: pooled connections, timeouts, and a guard against private networks.

Plain requests go through ``http1``'s lean client; the rest through one aiohttp session. Both dial only
addresses the outbound policy allows.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from interlink.queue.http1 import USER_AGENT, Http1Pool, plain_head
from interlink.queue.outbound_policy import OutboundPolicy, is_internal, parse_address
from interlink.sdk.http import read_capped
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

    def dial_refusal(self, address: str) -> str | None:
        """Why the very address a connection is about to dial is refused, or None (vouched ones pass)."""
        refused = self.policy.address_refusal(address)
        return None if refused is None or address in self.vouched else refused

    async def close(self) -> None:
        await self._inner.close()


@lru_cache(maxsize=64)
def _timeout(seconds: float) -> aiohttp.ClientTimeout:
    """One (immutable) timeout object per limit, rather than one per request."""
    return aiohttp.ClientTimeout(total=seconds)


def guarded_socket_factory(resolver: GuardedResolver) -> Callable[[Any], socket.socket]:
    """The last check, on the very address a connection dials (literal IPs never reach the resolver)."""

    def make(addr_info: Any) -> socket.socket:
        family, kind, proto, _, sockaddr = addr_info
        refused = resolver.dial_refusal(str(sockaddr[0]))
        if refused is not None:
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
        self._resolver: GuardedResolver | None = None
        self._lean: Http1Pool | None = None
        self._checked: dict[str, str | None] = {}  # the policy is fixed, so a URL's answer is too

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            resolver = self._guard()
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
                headers={"User-Agent": USER_AGENT},
            )
        return self._session

    def _guard(self) -> GuardedResolver:
        """The one resolver both clients dial through, so a vouched address is vouched for both."""
        if self._resolver is None:
            self._resolver = GuardedResolver(policy=self.policy)
        return self._resolver

    async def exchange(
        self,
        method: str,
        url: str | URL,
        headers: Mapping[str, str],
        body: bytes | None,
        *,
        timeout: float,
        max_read: int,
        options: Mapping[str, Any],
    ) -> tuple[int, Mapping[str, str], str]:
        """Send one request, never following a redirect: its status, headers and body read up to ``max_read``.

        Raises ``OutboundRefused``, ``TimeoutError``, ``OSError`` (no connection) or ``aiohttp.ClientError``.
        """
        try:
            target = url if isinstance(url, URL) else URL(url)
        except (TypeError, ValueError):
            target = None
        head = None if options or target is None else plain_head(method, target, headers, body)
        if head is None or target is None:
            async with self.http.request(
                method, url, data=body, headers=headers, timeout=_timeout(timeout), allow_redirects=False, **options
            ) as response:
                return response.status, response.headers, await read_capped(response, max_read)
        if self._lean is None:
            self._lean = Http1Pool(self._guard(), self._limit)
        reply = await self._lean.exchange(target, head, body, max_read, timeout)
        return reply.status, reply.headers, reply.body.decode("utf-8", "replace")

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
        if self._lean is not None:
            await self._lean.close()
        if self._session is not None:
            await self._session.close()
