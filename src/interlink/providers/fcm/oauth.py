"""Google service-account OAuth2: a signed JWT exchanged for an access token, cached until shortly before expiry."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
import orjson

from interlink.sdk import OutboundRefused, Outcome, SendResult, Transport, classify_http
from interlink.sdk.http import read_capped, transport_failure

GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
EARLY = 300  # seconds before expiry a token is replaced


@dataclass(frozen=True)
class ServiceAccount:
    """The parts of a service account key file that matter here."""

    client_email: str
    private_key: str
    token_uri: str
    project_id: str

    @property
    def cache_key(self) -> str:
        return hashlib.sha256(f"{self.client_email}|{self.token_uri}|{self.private_key}".encode()).hexdigest()


def parse(text: str) -> ServiceAccount:
    """Read the key file; ValueError naming what is missing (never echoing the key)."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise ValueError("the service account key is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("the service account key must be a JSON object")
    missing = [k for k in ("client_email", "private_key") if not isinstance(data.get(k), str) or not data[k]]
    if missing:
        raise ValueError(f"the service account key lacks {', '.join(missing)}")
    return ServiceAccount(
        data["client_email"],
        data["private_key"],
        str(data.get("token_uri") or GOOGLE_TOKEN_URI),
        str(data.get("project_id") or ""),
    )


class TokenCache:
    """Access tokens per service account; one fetch at a time per account."""

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def forget(self, account: ServiceAccount) -> None:
        self._tokens.pop(account.cache_key, None)

    async def token(self, account: ServiceAccount, transport: Transport) -> str | SendResult:
        """A valid access token, or the SendResult that says why none could be had."""
        key = account.cache_key
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = self._tokens.get(key)
            if cached and cached[1] > time.monotonic():
                return cached[0]
            got = await fetch(account, transport)
            if isinstance(got, SendResult):
                return got
            token, lifetime = got
            self._tokens[key] = (token, time.monotonic() + max(0.0, lifetime - EARLY))
            return token


def assertion(account: ServiceAccount, now: float) -> str:
    claims = {
        "iss": account.client_email,
        "scope": SCOPE,
        "aud": account.token_uri,
        "iat": int(now),
        "exp": int(now) + 3600,
    }
    return jwt.encode(claims, account.private_key, algorithm="RS256")


async def fetch(account: ServiceAccount, transport: Transport) -> tuple[str, float] | SendResult:
    """Exchange a signed JWT for an access token at the account's token URI (RFC 7523)."""
    refused = transport.check_url(account.token_uri)
    if refused:
        return SendResult.failed(refused)
    try:
        signed = assertion(account, time.time())
    except (ValueError, TypeError, jwt.PyJWTError):
        return SendResult.failed("the service account's private key cannot sign (is it the PEM from the key file?)")
    try:
        async with transport.http.post(
            account.token_uri,
            data={"grant_type": GRANT, "assertion": signed},
            timeout=aiohttp.ClientTimeout(total=transport.timeout),
            allow_redirects=False,
        ) as response:
            text = await read_capped(response)
            status, retry_after = response.status, response.headers.get("Retry-After")
    except OutboundRefused as exc:
        return SendResult.failed(exc.reason)
    except (TimeoutError, aiohttp.ClientError) as exc:
        return transport_failure(exc, transport.timeout, "Google's token endpoint")
    body = _json(text)
    if status == 200 and isinstance(body.get("access_token"), str):
        return body["access_token"], float(body.get("expires_in") or 3600)
    result = classify_http(status, retry_after)
    error = " ".join(str(body.get(k) or "") for k in ("error", "error_description")).strip()
    detail = f"the token endpoint refused the service account: HTTP {status}" + (f": {error}" if error else "")
    outcome = Outcome.RETRY if status == 200 else result.outcome  # a 200 without a token is a broken answer
    return SendResult(outcome, status, detail[:300], result.retry_after)


def _json(text: str) -> Mapping[str, Any]:
    try:
        data = orjson.loads(text) if text else {}
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}
