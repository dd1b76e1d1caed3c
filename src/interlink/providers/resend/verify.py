"""Resend's cheapest authenticated read: ``GET /domains``; a sending-only key is refused there, proving it valid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.resend.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of
from interlink.sdk.http import one_line

RESTRICTED = "restricted_api_key"


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        return CheckResult.ok("the API key has full access", status)
    name, message = one_line(body.get("name")), one_line(body.get("message"))
    if name == RESTRICTED:
        return CheckResult.ok("the API key is valid and restricted to sending emails", status)
    said = f"{name}: {message}".strip(": ")
    if status == 400 and "api key" in message.lower():
        return CheckResult.failing(f"Resend answered HTTP {status}: {said}", status)
    return by_status(status, said, "Resend")


class ResendVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/domains"
        headers = {"Authorization": f"Bearer {config.get('apiKey') or ''}", "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Resend", headers=headers)


VERIFIER = ResendVerifier()
