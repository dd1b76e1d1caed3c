"""Small pieces every HTTP sender needs: a capped body read, no-answer outcomes, and text safe for headers."""

from __future__ import annotations

import re
from email.headerregistry import Address

import aiohttp

from interlink.sdk.outbound import OutboundRefused
from interlink.sdk.sending import SendResult

MAX_BODY = 16 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


async def read_capped(response: aiohttp.ClientResponse, limit: int = MAX_BODY) -> str:
    """The start of an answer's body, read until ``limit`` bytes or its end (one read may return only part)."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = await response.content.read(limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def transport_failure(exc: Exception, seconds: float, service: str = "") -> SendResult:
    """A request that got no HTTP answer: refused by the URL policy or malformed fails, anything else is retried.

    Details name ``service`` when given and never repeat the URL or the error's text, which may carry a token.
    """
    to = f" to {service}" if service else ""
    if isinstance(exc, OutboundRefused):
        return SendResult.failed(exc.reason)
    if isinstance(exc, TimeoutError):
        return SendResult.retry(
            f"{service} did not answer within {seconds:g} s" if service else f"no answer within {seconds:g} s"
        )
    if isinstance(exc, aiohttp.InvalidURL):
        return SendResult.failed(
            f"the {service + ' ' if service else ''}URL cannot be called; check the integration's settings"
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        exc = exc.os_error  # what kept aiohttp from connecting; the lean client raises it as it is
    elif isinstance(exc, aiohttp.ClientError) or not isinstance(exc, OSError):
        return SendResult.retry(f"the connection{to} failed: {type(exc).__name__}")
    if isinstance(exc, OutboundRefused):
        return SendResult.failed(exc.reason)
    return SendResult.retry(f"could not connect{to}: {exc.strerror or type(exc).__name__}")


def usable_key(secret: str) -> bool:
    """A key that can travel in a header as given."""
    return bool(secret) and secret.isascii() and secret.isprintable() and secret.strip() == secret


def scrub(text: str, secret: str) -> str:
    """Never show a credential, even if a provider's answer repeats it (the engine scrubs every result too)."""
    return text.replace(secret, "***") if secret else text


def one_line(value: object) -> str:
    """Text without line breaks or control characters (it may end up in mail headers)."""
    return _CONTROL.sub(" ", str(value or "")).strip()


def mailbox(email: str, name: object = None) -> str:
    """``Name <email>`` with the name quoted where RFC 5322 needs it, or the bare address."""
    display = one_line(name)
    if not display:
        return email
    try:
        return str(Address(display_name=display, addr_spec=email))
    except (ValueError, IndexError):
        return email
