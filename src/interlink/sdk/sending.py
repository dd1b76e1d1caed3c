"""The contract between the delivery engine and a provider's sender.

A sender gets one rendered message and the integration's configuration, talks to its third party,
and answers with a ``SendResult`` that says whether to stop, retry later, or try the next integration.
It never touches the database and never raises for a provider's answer: only for bugs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Outcome(StrEnum):
    """What the engine should do next."""

    DELIVERED = "delivered"
    RETRY = "retry"  # transient: 429, 5xx, timeout, connection error — same integration, later
    FAILED = "failed"  # permanent for this integration: fail over to the next one


@dataclass(frozen=True)
class OutboundMessage:
    """A message as a sender sees it: rendered, with one recipient, and ids that stay stable across retries."""

    id: str
    channel: str
    recipient: Mapping[str, Any]
    subject: str | None = None
    text: str | None = None
    html: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    trace_id: str | None = None
    attempt: int = 1


@dataclass(frozen=True)
class SendResult:
    """A sender's answer; ``detail`` is safe to show (it never holds a credential)."""

    outcome: Outcome
    status_code: int | None = None
    detail: str = ""
    retry_after: float | None = None
    provider_message_id: str | None = None
    response_excerpt: str | None = None
    stored: Mapping[str, Any] | None = None  # something the engine must persist (e.g. an in-app feed entry)
    gone: bool = False  # the target (device token, push subscription) no longer exists: never send to it again

    @classmethod
    def delivered(cls, status_code: int | None = None, **extra: Any) -> SendResult:
        return cls(Outcome.DELIVERED, status_code, **extra)

    @classmethod
    def retry(
        cls, detail: str, status_code: int | None = None, retry_after: float | None = None, **extra: Any
    ) -> SendResult:
        return cls(Outcome.RETRY, status_code, detail, retry_after, **extra)

    @classmethod
    def failed(cls, detail: str, status_code: int | None = None, **extra: Any) -> SendResult:
        return cls(Outcome.FAILED, status_code, detail, **extra)


class Transport(Protocol):
    """What the engine lends a sender: a shared HTTP session and the outbound guard."""

    @property
    def http(self) -> Any: ...  # an aiohttp.ClientSession

    async def exchange(
        self,
        method: str,
        url: Any,
        headers: Mapping[str, str],
        body: bytes | None,
        *,
        timeout: float,
        max_read: int,
        options: Mapping[str, Any],
    ) -> tuple[int, Mapping[str, str], str]:
        """One request, no redirect followed: status, headers and the body's start (``HttpSender`` uses it)."""
        ...

    def check_url(self, url: str) -> str | None:
        """Why a URL may not be called (private network, bad scheme), or None."""
        ...

    def check_host(self, host: str) -> str | None:
        """Why a connection to a host (a name or a literal address) may not be made, or None."""
        ...

    @property
    def timeout(self) -> float: ...


class Sender(Protocol):
    """A provider's sender: one call per message and integration."""

    async def send(
        self,
        message: OutboundMessage,
        config: Mapping[str, Any],
        transport: Transport,
    ) -> SendResult: ...


def classify_http(status: int, retry_after: str | None = None, body: str = "") -> SendResult:
    """The usual mapping of an HTTP answer: 2xx delivered; 408, 425, 429, 5xx retry; other 4xx and 3xx fail."""
    excerpt = body[:500] if body else None
    if 200 <= status < 300:
        return SendResult.delivered(status, response_excerpt=excerpt)
    if status in (408, 425, 429) or status >= 500:
        return SendResult.retry(f"HTTP {status}", status, parse_retry_after(retry_after), response_excerpt=excerpt)
    return SendResult.failed(f"HTTP {status}", status, response_excerpt=excerpt)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header given as seconds or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
