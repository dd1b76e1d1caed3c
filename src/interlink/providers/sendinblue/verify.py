"""Brevo's cheapest authenticated read: the account, ``GET /v3/account`` with the ``api-key`` header."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.sendinblue.sender import PUBLIC_BASE, SENDER
from interlink.sdk import Answer, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of
from interlink.sdk.http import one_line


def read(status: int, headers: Mapping[str, str], text: str) -> CheckResult:
    if status != 200:
        return by_status(status, SENDER.problem(Answer(status, headers, text)), "Brevo")
    company = one_line(json_of(text).get("companyName"))
    return CheckResult.ok(f"the API key works for {company}" if company else "Brevo accepted the API key", status)


class BrevoVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v3") + "/v3/account"
        headers = {"api-key": str(config.get("apiKey") or ""), "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Brevo", headers=headers)


VERIFIER = BrevoVerifier()
