"""Mailjet's cheapest authenticated read: one sender address, ``GET /v3/REST/sender?Limit=1`` with Basic auth."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp

from interlink.providers.mailjet.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of
from interlink.sdk.http import one_line


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    if status == 200:
        return CheckResult.ok("Mailjet accepted the API key and secret key", status)
    body = json_of(text)
    said = one_line(body.get("ErrorMessage") or ("" if body else text[:200]))
    return by_status(status, said, "Mailjet")


class MailjetVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        key, secret = str(config.get("apiKey") or ""), str(config.get("secretKey") or "")
        if not key or not secret or ":" in key:
            return CheckResult.failing("the API key and secret key are required")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/v3/REST/sender?Limit=1"
        headers = {"Authorization": aiohttp.encode_basic_auth(key, secret), "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Mailjet", headers=headers)


VERIFIER = MailjetVerifier()
