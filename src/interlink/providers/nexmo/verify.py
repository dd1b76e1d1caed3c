"""Vonage's cheapest authenticated read: ``GET /account/get-balance``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from interlink.providers.nexmo.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200 and "value" in body:
        return CheckResult.ok("Vonage accepted the key and secret", status)
    return by_status(status, str(body.get("error-code-label") or body.get("title") or ""), "Vonage")


class VonageVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        query = urlencode(
            {"api_key": str(config.get("apiKey") or ""), "api_secret": str(config.get("secretKey") or "")}
        )
        url = f"{str(config.get('baseUrl') or PUBLIC_BASE).rstrip('/')}/account/get-balance?{query}"
        return await http_check(transport, "GET", url, read, "Vonage")


VERIFIER = VonageVerifier()
