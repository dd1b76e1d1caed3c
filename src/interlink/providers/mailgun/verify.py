"""Mailgun's cheapest authenticated read: the sending domain, ``GET /v4/domains/{domain}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp

from interlink.providers.mailgun.sender import DEFAULT_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        given = body.get("domain")
        domain: dict[str, Any] = given if isinstance(given, dict) else {}
        state = str(domain.get("state") or "")
        if state and state != "active":
            return CheckResult.failing(f"the domain is {state} at Mailgun", status)
        return CheckResult.ok("the key can use the sending domain", status)
    return by_status(status, str(body.get("message") or text[:200]), "Mailgun")


class MailgunVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        base = str(config.get("baseUrl") or DEFAULT_BASE).rstrip("/").removesuffix("/v3")
        url = f"{base}/v4/domains/{quote(str(config.get('domain') or '').strip(), safe='')}"
        headers = {"Authorization": aiohttp.encode_basic_auth("api", str(config.get("apiKey") or ""))}
        return await http_check(transport, "GET", url, read, "Mailgun", headers=headers)


VERIFIER = MailgunVerifier()
