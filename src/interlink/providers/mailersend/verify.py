"""MailerSend's cheapest authenticated read: ``GET /v1/api-quota``, which does not count against the quota."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.mailersend.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of
from interlink.sdk.http import one_line


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        remaining = body.get("remaining")
        left = f" ({remaining} API requests left in the quota)" if isinstance(remaining, int) else ""
        return CheckResult.ok(f"MailerSend accepted the API token{left}", status)
    return by_status(status, one_line(body.get("message")), "MailerSend")


class MailerSendVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v1") + "/v1/api-quota"
        headers = {"Authorization": f"Bearer {config.get('apiKey') or ''}", "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "MailerSend", headers=headers)


VERIFIER = MailerSendVerifier()
