"""The SMTP sender against a real SMTP server on 127.0.0.1: the exact mail, TLS modes, AUTH and reply mapping."""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest

from interlink.providers.smtp.manifest import MANIFEST
from interlink.providers.smtp.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from interlink.sdk.scrubbing import Scrubber
from tests.providers.smtp.mailserver import MailServer

FROM = "alerts@example.com"
PASSWORD = "pa55-Secret-word"
TRACE = "0af7651916cd43dd8448eb211c80319c"


def outbound(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTSMTP0000000000001",
        "channel": "email",
        "recipient": {"email": "ann@example.org", "name": "Ann Lee"},
        "subject": "Your report",
        "text": "Hello Ann,\nyour report is ready.",
        "html": "<p>Hello <b>Ann</b>, your report is ready.</p>",
        "trace_id": TRACE,
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


def body(part: object) -> str:
    """A part's decoded content with the wire's CRLF line ends made plain."""
    return str(part.get_content()).replace("\r\n", "\n").strip()  # type: ignore[attr-defined]


def config(server: MailServer, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "secure": "NONE",
        "from": FROM,
        "senderName": "Acme Alerts",
    }
    values.update(overrides)
    return values


async def test_plain_smtp_delivers_the_exact_message(transport: HttpTransport) -> None:
    async with MailServer() as server:
        result = await SENDER.send(outbound(), config(server), transport)
        assert result.outcome is Outcome.DELIVERED, result.detail
        assert result.status_code == 250
        [mail] = server.received
    assert mail.mail_from == FROM
    assert mail.rcpt_tos == ["ann@example.org"]
    assert not mail.tls
    message = mail.message
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Acme Alerts", FROM)
    to = message["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == ("Ann Lee", "ann@example.org")
    assert message["Subject"] == "Your report"
    assert message["Message-ID"] == "<msg_01HZYTESTSMTP0000000000001@example.com>"
    assert result.provider_message_id == message["Message-ID"]
    assert message["X-Interlink-Message-Id"] == "msg_01HZYTESTSMTP0000000000001"
    assert abs((parsedate_to_datetime(message["Date"]) - datetime.now(UTC)).total_seconds()) < 60
    assert message["traceparent"].split("-")[1] == TRACE
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert body(parts[0]) == "Hello Ann,\nyour report is ready."
    assert body(parts[1]) == "<p>Hello <b>Ann</b>, your report is ready.</p>"
    assert "Q1234" in (result.response_excerpt or "")


async def test_single_part_mails_and_no_names(transport: HttpTransport) -> None:
    async with MailServer() as server:
        text_only = outbound(html=None, recipient={"email": "bob@example.org"}, trace_id=None)
        html_only = outbound(id="msg_01HZYTESTSMTP0000000000002", text=None)
        for message in (text_only, html_only):
            result = await SENDER.send(message, config(server, senderName=None), transport)
            assert result.outcome is Outcome.DELIVERED, result.detail
        first, second = (m.message for m in await server.wait_for(2))
    assert first.get_content_type() == "text/plain"
    assert body(first) == "Hello Ann,\nyour report is ready."
    assert first["To"] == "bob@example.org" and first["From"] == FROM
    assert "traceparent" not in first
    assert second.get_content_type() == "text/html"
    assert "<b>Ann</b>" in body(second)


async def test_content_cannot_add_headers(transport: HttpTransport) -> None:
    async with MailServer() as server:
        sneaky = outbound(
            subject="Hi\r\nBcc: thief@example.net", recipient={"email": "ann@example.org", "name": "A\nB"}
        )
        result = await SENDER.send(sneaky, config(server), transport)
        assert result.outcome is Outcome.DELIVERED, result.detail
        [mail] = server.received
    assert mail.rcpt_tos == ["ann@example.org"]
    assert "Bcc" not in mail.message
    assert mail.message["Subject"] == "Hi Bcc: thief@example.net"
    assert mail.message["To"].addresses[0].display_name == "A B"


async def test_starttls_with_auth(transport: HttpTransport, server_tls: ssl.SSLContext) -> None:
    server = MailServer(tls=server_tls, require_starttls=True, users={"mailer": PASSWORD})
    async with server:
        settings = config(server, secure="STARTTLS", tlsVerify=False, user="mailer", password=PASSWORD)
        result = await SENDER.send(outbound(), settings, transport)
        assert result.outcome is Outcome.DELIVERED, result.detail
        [mail] = server.received
    assert mail.tls and mail.login == "mailer"
    assert mail.message["Subject"] == "Your report"


async def test_wrong_password_fails_and_is_never_shown(transport: HttpTransport, server_tls: ssl.SSLContext) -> None:
    server = MailServer(tls=server_tls, require_starttls=True, users={"mailer": PASSWORD})
    async with server:
        wrong = "Wr0ng-pa55word"
        settings = config(server, secure="STARTTLS", tlsVerify=False, user="mailer", password=wrong)
        result = Scrubber.of(MANIFEST, settings).result(await SENDER.send(outbound(), settings, transport))
        assert server.received == []
    assert result.outcome is Outcome.FAILED
    assert result.status_code == 535
    assert "login failed" in result.detail and "535" in result.detail
    shown = f"{result.detail} {result.response_excerpt}"
    for form in (
        wrong,
        base64.b64encode(wrong.encode()).decode(),
        base64.b64encode(f"\0mailer\0{wrong}".encode()).decode(),
    ):
        assert form not in shown


async def test_certificate_is_verified_unless_turned_off(transport: HttpTransport, server_tls: ssl.SSLContext) -> None:
    async with MailServer(tls=server_tls, require_starttls=True) as server:
        result = await SENDER.send(outbound(), config(server, secure="STARTTLS"), transport)
        assert server.received == []
    assert result.outcome is Outcome.FAILED
    assert "certificate" in result.detail.lower()


async def test_plain_login_to_a_server_requiring_starttls_fails(
    transport: HttpTransport, server_tls: ssl.SSLContext
) -> None:
    async with MailServer(tls=server_tls, require_starttls=True) as server:
        result = await SENDER.send(outbound(), config(server, secure="NONE"), transport)
        assert server.received == []
    assert result.outcome is Outcome.FAILED
    assert result.status_code == 530


async def test_starttls_asked_of_a_server_without_it_fails(transport: HttpTransport) -> None:
    async with MailServer() as server:
        result = await SENDER.send(outbound(), config(server, secure="STARTTLS"), transport)
        assert server.received == []
    assert result.outcome is Outcome.FAILED
    assert "STARTTLS" in result.detail


async def test_implicit_tls(transport: HttpTransport, server_tls: ssl.SSLContext) -> None:
    async with MailServer(implicit_tls=server_tls) as server:
        result = await SENDER.send(outbound(), config(server, secure="TLS", tlsVerify=False), transport)
        assert result.outcome is Outcome.DELIVERED, result.detail
        [mail] = server.received
    assert mail.tls
    assert mail.message["X-Interlink-Message-Id"] == "msg_01HZYTESTSMTP0000000000001"


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [
        ("451 4.3.0 Try again later", Outcome.RETRY),
        ("452 4.2.2 Mailbox full", Outcome.RETRY),
        ("550 5.1.1 Mailbox unavailable", Outcome.FAILED),
    ],
)
async def test_rcpt_replies_map_to_outcomes(transport: HttpTransport, reply: str, outcome: Outcome) -> None:
    async with MailServer(rcpt_replies=[reply]) as server:
        result = await SENDER.send(outbound(), config(server), transport)
        assert server.received == []
    assert result.outcome is outcome
    assert result.status_code == int(reply[:3])
    assert reply[4:] in result.detail


async def test_busy_greeting_is_retried(transport: HttpTransport) -> None:
    async def busy(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"421 4.3.2 Service not available, closing channel\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(busy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        result = await SENDER.send(outbound(), {"host": "127.0.0.1", "port": port, "from": FROM}, transport)
    finally:
        server.close()
        await server.wait_closed()
    assert result.outcome is Outcome.RETRY
    assert result.status_code == 421


async def test_a_silent_server_times_out_with_the_configured_timeout(transport: HttpTransport) -> None:
    async def silent(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = {"host": "127.0.0.1", "port": port, "secure": "NONE", "from": FROM, "timeoutSeconds": 1}
    started = time.monotonic()
    try:
        result = await SENDER.send(outbound(), settings, transport)
    finally:
        server.close()
    elapsed = time.monotonic() - started
    assert result.outcome is Outcome.RETRY
    assert "within 1 s" in result.detail
    assert 0.9 < elapsed < 1.9  # the integration's timeout (1 s), not the transport's (2 s)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "[::1]", "169.254.169.254", "mail.localhost"])
async def test_private_hosts_are_refused_unless_allowed(host: str) -> None:
    guarded = HttpTransport(allow_private=False, timeout=2.0)
    async with MailServer() as server:
        result = await SENDER.send(outbound(), {"host": host, "port": server.port, "from": FROM}, guarded)
        assert server.handler.rcpt_seen == 0 and server.received == []
    assert result.outcome is Outcome.FAILED
    assert "INTERLINK_ALLOW_PRIVATE_NETWORKS" in result.detail


async def test_a_name_that_resolves_inside_is_refused() -> None:
    name = socket.gethostname()
    try:
        addresses = {a[4][0] for a in socket.getaddrinfo(name, 25, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip("this machine's own name does not resolve")
    guarded = HttpTransport(allow_private=False, timeout=2.0)
    if any(guarded.check_host(a) is None for a in addresses):
        pytest.skip("this machine's own name resolves to a public address")
    async with MailServer() as server:
        result = await SENDER.send(outbound(), {"host": name, "port": server.port, "from": FROM}, guarded)
        assert server.received == []
    assert result.outcome is Outcome.FAILED
    assert result.detail == f"{name} resolves only to private addresses, which are not allowed"


def test_check_host() -> None:
    guarded = HttpTransport(allow_private=False)
    assert guarded.check_host("smtp.example.com") is None
    assert guarded.check_host("93.184.216.34") is None
    assert guarded.check_host("2606:4700::1111") is None
    assert guarded.check_host("") == "no host given"
    assert "private address" in (guarded.check_host("192.168.1.10") or "")
    assert "private address" in (guarded.check_host("::ffff:127.0.0.1") or "")
    assert "localhost" in (guarded.check_host("LOCALHOST.") or "")
    allowed = HttpTransport(allow_private=True)
    assert allowed.check_host("127.0.0.1") is None and allowed.check_host("localhost") is None


async def test_a_bad_port_fails_at_once(transport: HttpTransport) -> None:
    result = await SENDER.send(outbound(), {"host": "127.0.0.1", "port": 70000, "from": FROM}, transport)
    assert result.outcome is Outcome.FAILED
    assert result.detail == "port must be between 1 and 65535"
