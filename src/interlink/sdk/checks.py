"""Credential checks: a provider's cheapest authenticated read, answered ok, failing or unknown in its own words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import aiohttp
import orjson

from interlink.sdk.http import one_line, read_capped
from interlink.sdk.outbound import OutboundRefused
from interlink.sdk.sending import Transport

MAX_DETAIL = 300


class CheckStatus(StrEnum):
    """What a check found: the credentials work, they do not, or it could not tell (network, 5xx, no read)."""

    OK = "ok"
    FAILING = "failing"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CheckResult:
    """A check's verdict; ``detail`` is the provider's own words (the engine scrubs secrets from it)."""

    status: CheckStatus
    detail: str = ""
    status_code: int | None = None

    @classmethod
    def ok(cls, detail: str = "", status_code: int | None = None) -> CheckResult:
        return cls(CheckStatus.OK, detail[:MAX_DETAIL], status_code)

    @classmethod
    def failing(cls, detail: str, status_code: int | None = None) -> CheckResult:
        return cls(CheckStatus.FAILING, detail[:MAX_DETAIL], status_code)

    @classmethod
    def unknown(cls, detail: str, status_code: int | None = None) -> CheckResult:
        return cls(CheckStatus.UNKNOWN, detail[:MAX_DETAIL], status_code)


class Verifier(Protocol):
    """A provider's credential check (``providers/<id>/verify.py``, ``VERIFIER``)."""

    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult: ...


Read = Callable[[int, Mapping[str, str], str], CheckResult]


def json_of(text: str) -> dict[str, Any]:
    """A JSON object body, or an empty dict."""
    try:
        data = orjson.loads(text) if text else {}
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def by_status(status: int, said: str, service: str) -> CheckResult:
    """The usual verdict of an answer: 2xx ok; 401/403 failing; 429, 5xx and the rest unknown."""
    words = one_line(said)
    detail = f"{service} answered HTTP {status}" + (f": {words}" if words else "")
    if 200 <= status < 300:
        return CheckResult.ok(words or f"{service} accepted the credentials", status)
    if status in (401, 403):
        return CheckResult.failing(detail, status)
    if status == 404:
        return CheckResult.failing(detail, status)
    return CheckResult.unknown(detail, status)


async def http_check(
    transport: Transport,
    method: str,
    url: str,
    read: Read,
    service: str,
    *,
    headers: Mapping[str, str] | None = None,
    data: Any = None,
) -> CheckResult:
    """One authenticated read under the outbound URL policy; no answer is ``unknown``, never an exception."""
    refused = transport.check_url(url)
    if refused:
        return CheckResult.failing(refused)
    try:
        async with transport.http.request(
            method,
            url,
            headers=dict(headers or {}),
            data=data,
            timeout=aiohttp.ClientTimeout(total=transport.timeout),
            allow_redirects=False,
        ) as response:
            return read(response.status, response.headers, await read_capped(response))
    except OutboundRefused as exc:
        return CheckResult.failing(exc.reason)
    except TimeoutError:
        return CheckResult.unknown(f"{service} did not answer within {transport.timeout:g} s")
    except aiohttp.InvalidURL:
        return CheckResult.failing(f"the {service} URL cannot be called; check the integration's settings")
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, OSError) and "private addresses" in str(exc.os_error):
            return CheckResult.failing(str(exc.os_error))
        return CheckResult.unknown(f"could not connect to {service}: {exc.os_error.strerror or 'connection failed'}")
    except aiohttp.ClientError as exc:
        return CheckResult.unknown(f"the connection to {service} failed: {type(exc).__name__}")
