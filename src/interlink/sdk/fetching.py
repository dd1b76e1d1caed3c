"""One GET for pull sources through the lent transport: URL policy, timeout, capped read, failures as ``PullError``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp
from multidict import CIMultiDict

from interlink.sdk.outbound import OutboundRefused
from interlink.sdk.pulling import PullError
from interlink.sdk.sending import Transport, parse_retry_after

MAX_FEED_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    """A successful answer: status, headers and the whole body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


async def fetch(
    transport: Transport,
    url: str,
    *,
    service: str,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    limit: int = MAX_FEED_BYTES,
    method: str = "GET",
    form: Mapping[str, str] | None = None,
) -> Fetched:
    """GET ``url`` (or POST a ``form``); a 2xx comes back, anything else raises ``PullError`` naming ``service``.

    No detail ever repeats the URL, which may carry a key.
    """
    refused = transport.check_url(url)
    if refused:
        raise PullError(f"{service} cannot be called: {refused}", retryable=False)
    try:
        request = transport.http.request(method, url, params=params, headers=headers, data=form)
        async with request as response:
            body = await _read_all(response, limit, service)
            status = response.status
            answer = CIMultiDict(response.headers)
    except PullError:
        raise
    except OutboundRefused as exc:
        raise PullError(f"{service} cannot be called: {exc.reason}", retryable=False) from None
    except TimeoutError:
        raise PullError(f"{service} did not answer within {transport.timeout:g} s") from None
    except aiohttp.InvalidURL:
        raise PullError(
            f"the {service} URL cannot be called; check the integration's settings", retryable=False
        ) from None
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, OutboundRefused) or "private addresses" in str(exc.os_error):
            raise PullError(f"{service} cannot be called: {exc.os_error}", retryable=False) from None
        raise PullError(f"could not connect to {service}: {exc.os_error.strerror or 'connection failed'}") from None
    except aiohttp.ClientError as exc:
        raise PullError(f"the connection to {service} failed: {type(exc).__name__}") from None
    return _judge(service, status, answer, body)


async def _read_all(response: aiohttp.ClientResponse, limit: int, service: str) -> bytes:
    """The whole body, refused past ``limit`` bytes (a read returns whatever has arrived, so loop to the end)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await response.content.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise PullError(f"{service} answered with more than {limit} bytes", retryable=False)
        chunks.append(chunk)
    return b"".join(chunks)


def _judge(service: str, status: int, headers: Mapping[str, str], body: bytes) -> Fetched:
    if 200 <= status < 300 or status == 304:  # 304: a conditional request found nothing new
        return Fetched(status, headers, body)
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if status in (401, 403):
        raise PullError(
            f"{service} refused the credentials (HTTP {status}); check the integration's secrets",
            retryable=False,
            status_code=status,
        )
    if status == 429:
        raise PullError(f"{service} is rate limiting (HTTP 429)", retry_after=retry_after, status_code=status)
    if status in (408, 425) or status >= 500:
        raise PullError(f"{service} is unavailable (HTTP {status})", retry_after=retry_after, status_code=status)
    raise PullError(f"{service} refused the request (HTTP {status})", retryable=False, status_code=status)
