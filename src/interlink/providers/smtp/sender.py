"""Sends email through the integration's own SMTP server (plain, STARTTLS or implicit TLS, with optional AUTH)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib

from interlink.sdk import OutboundMessage, OutboundRefused, SendResult, Transport, traceparent
from interlink.sdk.http import one_line

MAX_DETAIL = 300


def message_id(message: OutboundMessage, sender: str) -> str:
    """A Message-ID in the from address's domain; stable across retries, so mail clients can drop a duplicate."""
    domain = sender.rpartition("@")[2]
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = "interlink.invalid"
    return f"<{message.id}@{domain}>"


def build(message: OutboundMessage, config: Mapping[str, Any]) -> EmailMessage:
    """The MIME message: From with the sender name, To with the recipient's name, text and/or HTML parts."""
    sender = str(config["from"])
    recipient = message.recipient
    mail = EmailMessage()
    mail["From"] = Address(one_line(str(config.get("senderName") or "")), addr_spec=sender)
    mail["To"] = Address(one_line(str(recipient.get("name") or "")), addr_spec=str(recipient["email"]))
    if message.subject:
        mail["Subject"] = one_line(message.subject)
    mail["Date"] = format_datetime(datetime.now(UTC))
    mail["Message-ID"] = message_id(message, sender)
    mail["X-Interlink-Message-Id"] = message.id
    if message.trace_id:
        mail["traceparent"] = traceparent(message.trace_id)
    if message.text and message.html:
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
    elif message.html:
        mail.set_content(message.html, subtype="html")
    else:
        mail.set_content(message.text or "")
    return mail


def said(text: str) -> str:
    """A server's words as one short line (the engine removes any credential from what a send reports)."""
    return one_line(text)[:MAX_DETAIL]


def classify_reply(code: int, text: str, stage: str) -> SendResult:
    """An SMTP refusal: 4xx is transient (retry), 5xx permanent (fail over); anything else is treated as transient."""
    detail = f"{stage}: SMTP {code} {text}".rstrip()
    if 500 <= code < 600:
        return SendResult.failed(detail, code)
    return SendResult.retry(detail, code)


def tls_problem(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error behind an exception, if any (aiosmtplib wraps it in a connection error)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


async def goodbye(client: aiosmtplib.SMTP) -> None:
    """Say QUIT politely but briefly; the message is already accepted, so nothing here may change the outcome."""
    try:
        async with asyncio.timeout(2):
            await client.quit()
    except (TimeoutError, aiosmtplib.SMTPException, OSError):
        pass
    finally:
        client.close()


class SmtpSender:
    """One connection per message: connect (guarded), TLS as configured, AUTH if a user is set, MAIL/RCPT/DATA."""

    def __init__(self) -> None:
        self._local_hostname: str | None = None

    async def _ehlo_name(self) -> str:
        if self._local_hostname is None:
            name = await asyncio.to_thread(socket.getfqdn)
            self._local_hostname = name if name and name.isascii() and " " not in name else "localhost"
        return self._local_hostname

    @staticmethod
    async def _connect(host: str, port: int, transport: Transport) -> socket.socket:
        """Resolve ``host`` and connect to the first address the transport allows (so DNS cannot point inside)."""
        loop = asyncio.get_running_loop()
        answers = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        allowed = [a for a in answers if transport.check_host(str(a[4][0])) is None]
        if not allowed:
            raise OutboundRefused(f"{host} resolves only to private addresses, which are not allowed")
        error: OSError = OSError(f"no address of {host} could be reached")
        for family, kind, proto, _, address in allowed:
            sock = socket.socket(family, kind, proto)
            sock.setblocking(False)
            try:
                await loop.sock_connect(sock, address)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
            except BaseException:
                sock.close()
                raise
        raise error

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        host = str(config.get("host") or "").strip().removeprefix("[").removesuffix("]")
        refused = transport.check_host(host)
        if refused:
            return SendResult.failed(refused)
        port = config.get("port") or 587
        if not isinstance(port, int) or not 0 < port < 65536:
            return SendResult.failed("port must be between 1 and 65535")
        if not config.get("from"):
            return SendResult.failed("the integration has no from address")
        recipient = message.recipient.get("email")
        if not isinstance(recipient, str):
            return SendResult.failed("the message has no email recipient")
        configured = config.get("timeoutSeconds")
        timeout = float(configured) if isinstance(configured, int | float) and configured > 0 else transport.timeout
        where = f"{host}:{port}"
        try:
            mail = build(message, config)
        except (ValueError, TypeError) as exc:
            return SendResult.failed(f"the message cannot be written as email: {said(str(exc))}")
        try:
            async with asyncio.timeout(timeout):
                client, reply = await self._exchange(host, port, config, transport, mail, recipient, timeout)
        except OutboundRefused as exc:
            return SendResult.failed(exc.reason)
        except TimeoutError:
            return SendResult.retry(f"no answer from {where} within {timeout:g} s")
        except socket.gaierror as exc:
            return SendResult.retry(f"could not resolve {host}: {exc.strerror or exc}")
        except aiosmtplib.SMTPAuthenticationError as exc:
            return classify_reply(exc.code, said(exc.message), "login failed")
        except aiosmtplib.SMTPRecipientsRefused as exc:
            first = exc.recipients[0] if exc.recipients else aiosmtplib.SMTPRecipientRefused(550, "", recipient)
            return classify_reply(first.code, said(first.message), "the recipient was refused")
        except aiosmtplib.SMTPResponseException as exc:
            return classify_reply(exc.code, said(exc.message), "the server refused")
        except (aiosmtplib.SMTPException, OSError) as exc:
            problem = tls_problem(exc)
            if problem is not None and not isinstance(problem, ssl.SSLEOFError | ssl.SSLZeroReturnError):
                return SendResult.failed(f"TLS with {where} failed: {said(str(problem))}")
            reason = said(exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
            if isinstance(exc, OSError):  # refused, reset, disconnected: the server may be back soon
                return SendResult.retry(f"could not talk to {where}: {reason}")
            return SendResult.failed(f"{where}: {reason}")  # STARTTLS or AUTH not offered, SMTPUTF8 unsupported
        except ValueError as exc:  # an address aiosmtplib will not put on the wire
            return SendResult.failed(f"the message cannot be sent: {said(str(exc))}")
        await goodbye(client)
        return SendResult.delivered(
            250, provider_message_id=str(mail["Message-ID"]), response_excerpt=said(reply) or None
        )

    async def _exchange(
        self,
        host: str,
        port: int,
        config: Mapping[str, Any],
        transport: Transport,
        mail: EmailMessage,
        recipient: str,
        command_timeout: float,
    ) -> tuple[aiosmtplib.SMTP, str]:
        """Connect, secure, log in and hand the message over; the caller closes the connection on success."""
        secure = config.get("secure") or "STARTTLS"
        local_hostname = await self._ehlo_name()
        sock = await self._connect(host, port, transport)
        client = aiosmtplib.SMTP(
            hostname=host,
            sock=sock,
            use_tls=secure == "TLS",
            start_tls=secure == "STARTTLS",
            validate_certs=config.get("tlsVerify") is not False,
            timeout=command_timeout,
            local_hostname=local_hostname,
        )
        try:
            await client.connect()
            if config.get("user"):
                await client.login(str(config["user"]), str(config.get("password") or ""))
            _, reply = await client.send_message(mail, sender=str(config["from"]), recipients=[recipient])
        except BaseException:
            if isinstance(client.transport, asyncio.Transport):
                client.transport.abort()  # at once, underlying socket transport included, before the socket goes
            client.close()
            sock.close()
            raise
        return client, reply


SENDER = SmtpSender()
