"""The senders' HTTP/1.1 client for plain requests: pooled keep-alive connections, answers parsed in C.

aiohttp builds a request, a response, a timer, a write task and their signal lists for every call, which is
most of a worker's CPU per webhook. A sender's request is simpler: a method, a URL, headers and a body in
memory, and an answer read up to a cap. This client writes such a request in one call and lets httptools
parse the answer; whatever it does not cover (auth middlewares, credentials in the URL, framing headers,
an unusual method) ``plain_head`` leaves to aiohttp. Every address it dials passes the outbound policy.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import ssl
import zlib
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp
import httptools
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from interlink.sdk.outbound import OutboundRefused

if TYPE_CHECKING:
    from interlink.queue.transport import GuardedResolver

USER_AGENT = "Interlink/0.1"
KEEP_IDLE = 15.0  # seconds an idle connection is kept, as aiohttp's keepalive_timeout
DNS_TTL = 60.0
MAX_DNS_ENTRIES = 1024
PLAIN_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})  # HEAD's answer has no body to frame
_BODYLESS_METHODS = frozenset({"GET"})
_FRAMING = frozenset({"host", "content-length", "transfer-encoding", "connection", "upgrade", "expect"})
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_UNSAFE_VALUE = re.compile(r"[\r\n\x00]")
_NAMES: dict[str, str] = {}  # header names already found to be tokens, and their lower case
MAX_NAMES = 1024
_DEFAULTS = (  # (name in lower case, the line): what aiohttp would add
    ("user-agent", f"User-Agent: {USER_AGENT}"),
    ("accept", "Accept: */*"),
    ("accept-encoding", "Accept-Encoding: gzip, deflate"),
)
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer: status, headers and the start of the body (decoded if it was compressed)."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes


def plain_head(method: str, url: URL, headers: Mapping[str, str], body: object) -> bytes | None:
    """The request line and headers as sent, or None when the request needs what only aiohttp does."""
    host = url.raw_host
    if (
        method not in PLAIN_METHODS
        or url.scheme not in ("http", "https")
        or not host
        or url.raw_user is not None
        or not (body is None or isinstance(body, bytes))
    ):
        return None
    lines = [f"{method} {url.raw_path_qs or '/'} HTTP/1.1", f"Host: {url.host_port_subcomponent}"]
    given: set[str] = set()
    for name, value in headers.items():
        lower = _NAMES.get(name) if isinstance(name, str) else ""
        if lower is None:
            lower = name.lower()
            if lower in _FRAMING or not _TOKEN.fullmatch(name):
                return None
            if len(_NAMES) < MAX_NAMES:
                _NAMES[name] = lower
        if not lower or not isinstance(value, str) or _UNSAFE_VALUE.search(value):
            return None
        given.add(lower)
        lines.append(f"{name}: {value}")
    lines.extend(line for lower, line in _DEFAULTS if lower not in given)
    if body:
        if "content-type" not in given:
            lines.append("Content-Type: application/octet-stream")
        lines.append(f"Content-Length: {len(body)}")
    elif method not in _BODYLESS_METHODS:
        lines.append("Content-Length: 0")
    lines.append("\r\n")
    return "\r\n".join(lines).encode("utf-8")


class _Connection(asyncio.Protocol):
    """One keep-alive connection: writes a request, feeds the answer to httptools, resolves the waiter."""

    def __init__(self, pool: Http1Pool) -> None:
        self._pool = pool
        self._parser = httptools.HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[Reply] | None = None
        self.closed = False
        self.counted = False  # set once the pool counts it open; only then does its loss free a place
        self.idle_since = 0.0
        self._begin(0)

    def _begin(self, cap: int) -> None:
        self._cap = cap
        self._status = 0
        self._headers: list[tuple[str, str]] = []
        self._chunks: list[bytes] = []
        self._size = 0
        self._decoder: zlib._Decompress | None = None
        self._interim = False
        self._until_close = False
        self.complete = False
        self.keep_alive = False

    def send(self, head: bytes, body: bytes | None, cap: int) -> asyncio.Future[Reply]:
        """Write one request; the future holds its answer."""
        assert self.transport is not None
        self._begin(cap)
        self.waiter = self._pool.loop.create_future()
        if self.closed:  # the server hung up between our requests
            self._fail(aiohttp.ServerDisconnectedError())
        elif body:
            self.transport.writelines((head, body))
        else:
            self.transport.write(head)
        return self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def expire(self) -> None:
        """The request's time is up: its answer will never be read."""
        self._fail(TimeoutError())
        self.close()

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.counted:
            self._pool.lost()
        if self._until_close and self._status:  # an answer without length ends where the connection does
            self._answer()
        self._fail(aiohttp.ServerDisconnectedError())

    def data_received(self, data: bytes) -> None:
        if self.waiter is None:  # an idle connection has nothing to say; whatever it says, it is not reused
            self.close()
            return
        try:
            self._parser.feed_data(data)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade):
            self._fail(aiohttp.ClientPayloadError("the answer is not valid HTTP/1.1"))
            self.close()

    # httptools callbacks

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name.decode("latin-1"), value.decode("utf-8", "surrogateescape")))

    def on_headers_complete(self) -> None:
        status = self._parser.get_status_code()
        if status < 200:  # 100 Continue, 103 Early Hints: the real answer follows
            self._interim = True
            self._headers = []
            return
        self._status = status
        framed = False
        for name, value in self._headers:
            lower = name.lower()
            if lower == "content-encoding":
                wbits = _WBITS.get(value.strip().lower())
                self._decoder = None if wbits is None else zlib.decompressobj(wbits)
            elif lower in ("content-length", "transfer-encoding"):
                framed = True
        self._until_close = not framed and status not in (204, 304)

    def on_body(self, body: bytes) -> None:
        room = self._cap - self._size
        if room <= 0:
            return
        if self._decoder is not None:
            try:
                body = self._decoder.decompress(body, room)
            except zlib.error:
                self._decoder = None
        piece = body[:room]
        self._chunks.append(piece)
        self._size += len(piece)
        if self._size >= self._cap:
            self._answer()

    def on_message_complete(self) -> None:
        if self._interim:
            self._interim = False
            return
        self.complete = True
        self.keep_alive = self._parser.should_keep_alive()
        self._answer()

    def _answer(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            headers = CIMultiDictProxy(CIMultiDict(self._headers))
            self.waiter.set_result(Reply(self._status, headers, b"".join(self._chunks)))

    def _fail(self, exc: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)


class Http1Pool:
    """Idle keep-alive connections by origin, at most ``limit`` open; names resolved and checked by the guard."""

    def __init__(self, resolver: GuardedResolver, limit: int = 256) -> None:
        self._resolver = resolver
        self._limit = limit
        self._open = 0
        self._room: deque[asyncio.Future[None]] = deque()
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._dns: dict[tuple[str, int], tuple[float, list[str]]] = {}
        self._tls: ssl.SSLContext | None = None
        self._sweeper: asyncio.TimerHandle | None = None
        self.loop = asyncio.get_running_loop()

    async def exchange(self, url: URL, head: bytes, body: bytes | None, cap: int, timeout: float) -> Reply:
        """Send a request made by ``plain_head`` on an idle connection to its origin or a new one.

        Within ``timeout`` seconds, connecting included, or ``TimeoutError``.
        """
        key = (url.scheme, url.raw_host or "", url.port or 0)
        deadline = self.loop.time() + timeout
        connection = self._reuse(key)
        if connection is None:
            async with asyncio.timeout_at(deadline):
                connection = await self._connect(key)
        waiter = connection.send(head, body, cap)
        timer = self.loop.call_at(deadline, connection.expire)  # cheaper than a timeout scope per request
        try:
            reply = await waiter
        except BaseException:  # a timeout, a cancel or a broken answer: the connection's state is unknown
            connection.close()
            raise
        finally:
            timer.cancel()
        if connection.complete and connection.keep_alive and not connection.closed and not self._room:
            connection.waiter = None
            connection.idle_since = self.loop.time()
            self._idle.setdefault(key, []).append(connection)
            if self._sweeper is None:
                self._sweeper = self.loop.call_later(KEEP_IDLE, self._sweep)
        else:
            connection.close()  # and if a request waits for room, its loss makes that room
        return reply

    def lost(self) -> None:
        """A connection closed: one more may open."""
        self._open -= 1
        while self._room:
            waiter = self._room.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    async def close(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()

    def _reuse(self, key: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        now = self.loop.time()
        while idle:
            connection = idle.pop()
            if not connection.closed and now - connection.idle_since < KEEP_IDLE:
                return connection
            connection.close()
        return None

    def _sweep(self) -> None:
        """Close connections idle longer than ``KEEP_IDLE``; come back while any stay idle."""
        self._sweeper = None
        now = self.loop.time()
        for key, idle in list(self._idle.items()):
            kept = [c for c in idle if not c.closed and now - c.idle_since < KEEP_IDLE]
            for connection in set(idle) - set(kept):
                connection.close()
            if kept:
                self._idle[key] = kept
            else:
                del self._idle[key]
        if self._idle:
            self._sweeper = self.loop.call_later(KEEP_IDLE, self._sweep)

    async def _make_room(self) -> None:
        """Wait until fewer than ``limit`` connections are open, closing an idle one to another origin first."""
        while self._open >= self._limit:
            oldest = min((c for idle in self._idle.values() for c in idle), key=lambda c: c.idle_since, default=None)
            if oldest is not None:
                for idle in self._idle.values():
                    if oldest in idle:
                        idle.remove(oldest)
                oldest.close()  # counted as closed when the loop reports it lost
            waiter = self.loop.create_future()
            self._room.append(waiter)
            await waiter

    async def _connect(self, key: tuple[str, str, int]) -> _Connection:
        scheme, host, port = key
        await self._make_room()
        self._open += 1
        connected = False
        try:
            failure: OSError | None = None
            for address in await self._addresses(host, port):
                try:
                    _, connection = await self.loop.create_connection(
                        lambda: _Connection(self),
                        address,
                        port,
                        ssl=self._tls_context() if scheme == "https" else None,
                        server_hostname=host if scheme == "https" else None,
                    )
                except OSError as exc:
                    failure = exc
                    continue
                connected = True
                connection.counted = True
                if connection.closed:  # it was lost before we got it: free its place now
                    self.lost()
                return connection
            raise failure or OSError(f"{host} has no address")
        finally:
            if not connected:
                self.lost()

    async def _addresses(self, host: str, port: int) -> list[str]:
        """The addresses to dial, each passed by the outbound policy (literal ones never reach the resolver)."""
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            cached = self._dns.get((host, port))
            if cached is not None and cached[0] > self.loop.time():
                addresses = cached[1]
            else:
                answers = await self._resolver.resolve(host, port, socket.AF_UNSPEC)
                addresses = [str(a["host"]) for a in answers]
                if len(self._dns) >= MAX_DNS_ENTRIES:
                    self._dns.clear()
                self._dns[(host, port)] = (self.loop.time() + DNS_TTL, addresses)
        for address in addresses:
            refused = self._resolver.dial_refusal(address)
            if refused is not None:
                raise OutboundRefused(refused)
        return addresses

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls
