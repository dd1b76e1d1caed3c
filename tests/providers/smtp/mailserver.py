"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests: records each message and answers RCPT as scripted."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def free_port() -> int:
    """A port nobody listens on right now (aiosmtpd's Controller cannot bind port 0 and report it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(directory: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1 and localhost."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "server.crt", directory / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


@dataclass
class Mail:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    login: str | None

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.content, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """The aiosmtpd handler: RCPT answers come from ``rcpt_replies`` first, then every recipient is accepted."""

    rcpt_replies: list[str] = field(default_factory=list)
    received: list[Mail] = field(default_factory=list)
    rcpt_seen: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        self.rcpt_seen += 1
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        content = envelope.original_content or envelope.content
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        self.received.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), content, tls, login))
        return "250 2.0.0 Ok: queued as Q1234"


class MailServer:
    """An aiosmtpd server in its own thread; plain, STARTTLS (``tls``) or implicit TLS (``implicit_tls``)."""

    def __init__(
        self,
        *,
        rcpt_replies: list[str] | None = None,
        tls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
        require_starttls: bool = False,
        users: dict[str, str] | None = None,
    ) -> None:
        self.handler = Recorder(list(rcpt_replies or []))
        self.port = free_port()
        self.users = users
        options: dict[str, Any] = {"tls_context": tls, "require_starttls": require_starttls}
        if users is not None:
            options.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=tls is not None)
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, ssl_context=implicit_tls, **options
        )

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (self.users or {}).get(data.login.decode()) == data.password.decode()
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)  # aiosmtpd answers 235 or 535

    @property
    def received(self) -> list[Mail]:
        return self.handler.received

    async def start(self) -> MailServer:
        await asyncio.to_thread(self.controller.start)
        return self

    async def stop(self) -> None:
        await asyncio.to_thread(self.controller.stop)

    async def wait_for(self, count: int, within: float = 10.0) -> list[Mail]:
        """Wait until at least ``count`` messages arrived."""
        async with asyncio.timeout(within):
            while len(self.received) < count:
                await asyncio.sleep(0.02)
        return self.received

    async def __aenter__(self) -> MailServer:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()
