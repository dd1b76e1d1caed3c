"""The senders' lean HTTP/1.1 client against a raw TCP server on 127.0.0.1: bytes out, framing in, pooling."""

from __future__ import annotations

import asyncio
import gzip
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from interlink.providers.webhook.sender import WebhookSender
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from interlink.sdk.outbound import OutboundRefused
from tests.providers.apns.fake import self_signed

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@dataclass
class RawServer:
    """Records each request's bytes and answers with the next scripted bytes (``OK`` when they run out).

    An answer of ``None`` says nothing; a connection closes after an answer when ``close_after`` says so.
    """

    answers: list[bytes | None] = field(default_factory=list)
    close_after: bool = False
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0
    port: int = 0
    _server: asyncio.Server | None = None

    async def start(self, tls: ssl.SSLContext | None = None) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=tls)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                self.requests.append(head + await reader.readexactly(length))
                answer = self.answers.pop(0) if self.answers else OK
                if answer is None:
                    await reader.read()  # wait for the client to give up
                    return
                writer.write(answer)
                await writer.drain()
                if self.close_after:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()


@pytest.fixture
async def server() -> AsyncIterator[RawServer]:
    found = RawServer()
    await found.start()
    yield found
    await found.stop()


@pytest.fixture
async def transport() -> AsyncIterator[HttpTransport]:
    found = HttpTransport(allow_private=True)
    yield found
    await found.close()


async def send(
    transport: HttpTransport, url: str, body: bytes | None = b'{"a":1}', *, max_read: int = 1000, timeout: float = 5
) -> tuple[int, object, str]:
    headers = {"Content-Type": "application/json", "webhook-id": "msg_1"} if body else {}
    return await transport.exchange("POST", url, headers, body, timeout=timeout, max_read=max_read, options={})


async def test_a_request_goes_out_as_written_with_its_length_host_and_defaults(
    server: RawServer, transport: HttpTransport
) -> None:
    status, headers, text = await send(transport, server.url("/hook?x=1&y=é"))

    assert (status, text) == (200, "ok")
    assert headers["content-length"] == "2"
    head, body = server.requests[0].split(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /hook?x=1&y=%C3%A9 HTTP/1.1"
    assert sorted(lines[1:]) == sorted(
        [
            f"Host: 127.0.0.1:{server.port}",
            "Content-Type: application/json",
            "webhook-id: msg_1",
            "User-Agent: Interlink/0.1",
            "Accept: */*",
            "Accept-Encoding: gzip, deflate",
            "Content-Length: 7",
        ]
    )
    assert body == b'{"a":1}'


async def test_a_post_without_a_body_says_its_length_is_zero(server: RawServer, transport: HttpTransport) -> None:
    await send(transport, server.url(), None)

    assert b"\r\nContent-Length: 0\r\n" in server.requests[0]


async def test_keep_alive_answers_reuse_one_connection(server: RawServer, transport: HttpTransport) -> None:
    for _ in range(3):
        assert (await send(transport, server.url()))[0] == 200

    assert (len(server.requests), server.connections) == (3, 1)


async def test_an_answer_that_closes_is_followed_by_a_new_connection(
    server: RawServer, transport: HttpTransport
) -> None:
    server.answers = [b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"]

    await send(transport, server.url())
    await send(transport, server.url())

    assert server.connections == 2


async def test_a_chunked_gzip_answer_is_read_decoded(server: RawServer, transport: HttpTransport) -> None:
    packed = gzip.compress(b'{"id":"abc"}')
    half = len(packed) // 2
    server.answers = [
        b"HTTP/1.1 202 Accepted\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, packed[:half], len(packed) - half, packed[half:])
    ]

    status, headers, text = await send(transport, server.url())
    await send(transport, server.url())

    assert (status, text, headers["content-encoding"]) == (202, '{"id":"abc"}', "gzip")
    assert server.connections == 1  # the chunked answer ended cleanly, so its connection served the next


async def test_a_long_answer_is_cut_at_max_read_and_an_unfinished_one_drops_its_connection(
    server: RawServer, transport: HttpTransport
) -> None:
    server.answers = [
        b"HTTP/1.1 500 Oops\r\nContent-Length: 10000\r\n\r\n" + b"x" * 10000,
        b"HTTP/1.1 500 Oops\r\nContent-Length: 10000\r\n\r\n" + b"y" * 5000,  # and the rest never comes
    ]

    whole = await send(transport, server.url(), max_read=100)
    unfinished = await send(transport, server.url(), max_read=100)
    connections_after_whole = server.connections
    await send(transport, server.url())

    assert (whole[0], whole[2], unfinished[2]) == (500, "x" * 100, "y" * 100)
    assert connections_after_whole == 1  # the whole answer was read, so its connection served the next
    assert server.connections == 2


async def test_an_interim_answer_is_skipped_for_the_real_one(server: RawServer, transport: HttpTransport) -> None:
    server.answers = [b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone"]

    assert (await send(transport, server.url()))[::2] == (201, "done")


async def test_an_answer_without_a_length_ends_when_the_connection_does(
    server: RawServer, transport: HttpTransport
) -> None:
    server.answers = [b"HTTP/1.0 200 OK\r\n\r\nall of it"]
    server.close_after = True

    assert (await send(transport, server.url()))[::2] == (200, "all of it")


async def test_a_silent_server_times_out_and_the_next_request_gets_a_fresh_connection(
    server: RawServer, transport: HttpTransport
) -> None:
    server.answers = [None]

    with pytest.raises(TimeoutError):
        await send(transport, server.url(), timeout=0.2)
    assert (await send(transport, server.url()))[0] == 200
    assert server.connections == 2


async def test_a_server_hanging_up_mid_answer_is_a_disconnect(server: RawServer, transport: HttpTransport) -> None:
    server.answers = [b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"]
    server.close_after = True

    with pytest.raises(aiohttp.ServerDisconnectedError):
        await send(transport, server.url())


async def test_an_answer_that_is_not_http_is_a_payload_error(server: RawServer, transport: HttpTransport) -> None:
    server.answers = [b"SSH-2.0-OpenSSH_9.0\r\n\r\n"]

    with pytest.raises(aiohttp.ClientPayloadError):
        await send(transport, server.url())


async def test_a_server_that_closes_an_idle_connection_costs_no_request(
    server: RawServer, transport: HttpTransport
) -> None:
    server.close_after = True  # though its answer says keep-alive

    await send(transport, server.url())
    for _ in range(500):  # until the client has seen the hang-up
        if all(c.closed for idle in transport._lean._idle.values() for c in idle):  # type: ignore[union-attr]
            break
        await asyncio.sleep(0.01)

    assert (await send(transport, server.url()))[0] == 200
    assert server.connections == 2


@pytest.mark.parametrize("where", ["127.0.0.1", "localhost"])
async def test_a_private_address_is_refused_before_anything_is_dialled(server: RawServer, where: str) -> None:
    guarded = HttpTransport(allow_private=False)
    try:
        with pytest.raises(OutboundRefused):
            await send(guarded, f"http://{where}:{server.port}/hook")
    finally:
        await guarded.close()

    assert server.connections == 0


async def test_requests_beyond_the_connection_limit_wait_for_room() -> None:
    servers = [RawServer(), RawServer()]
    for each in servers:
        await each.start()
    narrow = HttpTransport(allow_private=True, limit=1)
    try:
        async with asyncio.timeout(10):  # a request left waiting for room that never comes fails here
            answers = await asyncio.gather(*(send(narrow, each.url()) for each in servers * 3))
    finally:
        await narrow.close()
        for each in servers:
            await each.stop()

    assert [status for status, _, _ in answers] == [200] * 6
    assert sum(len(each.requests) for each in servers) == 6


async def test_what_the_lean_client_does_not_cover_still_goes_out_through_aiohttp(
    server: RawServer, transport: HttpTransport
) -> None:
    status, _, _ = await send(transport, f"http://user:pw@127.0.0.1:{server.port}/hook")

    assert status == 200
    assert b"\r\nAuthorization: Basic dXNlcjpwdw==\r\n" in server.requests[0]


async def test_a_header_that_would_smuggle_another_never_reaches_the_wire(
    server: RawServer, transport: HttpTransport
) -> None:
    with pytest.raises(ValueError):
        await transport.exchange(
            "POST",
            server.url(),
            {"X-Note": "a\r\nX-Injected: 1"},
            b"{}",
            timeout=5,
            max_read=100,
            options={},
        )

    assert not any(b"X-Injected" in request for request in server.requests)


async def test_https_goes_out_verified_and_an_untrusted_certificate_is_a_retried_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_file, key_file = self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    server = RawServer()
    await server.start(tls)
    url = f"https://127.0.0.1:{server.port}/hook"
    message = OutboundMessage(id="msg_tls", channel="webhook", recipient={})
    try:
        untrusting = HttpTransport(allow_private=True)
        refused = await WebhookSender().send(message, {"url": url}, untrusting)
        await untrusting.close()
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # trust the test's certificate
        trusting = HttpTransport(allow_private=True)
        delivered = await WebhookSender().send(message, {"url": url}, trusting)
        await trusting.close()
    finally:
        await server.stop()

    assert (refused.outcome, refused.detail.startswith("could not connect")) == (Outcome.RETRY, True)
    assert delivered.outcome is Outcome.DELIVERED, delivered.detail
    assert server.requests[-1].startswith(b"POST /hook HTTP/1.1\r\n")
