"""Discord: a webhook URL answers ``GET`` with the webhook (no other credentials needed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        return CheckResult.ok(f"the webhook {body.get('name') or ''} exists".replace("  ", " "), status)
    said = f"{body.get('message') or ''} (code {body['code']})" if "code" in body else ""
    return by_status(status, said, "Discord")


class DiscordVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = str(config.get("webhookUrl") or "")
        if not url:
            return CheckResult.failing("the webhook URL is required")
        return await http_check(transport, "GET", url, read, "Discord")


VERIFIER = DiscordVerifier()
