"""Telegram's cheapest authenticated read: ``getMe``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.providers.telegram.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200 and body.get("ok") is True:
        bot = body.get("result") or {}
        return CheckResult.ok(f"the token belongs to @{bot.get('username') or bot.get('first_name') or 'a bot'}")
    return by_status(status, str(body.get("description") or ""), "Telegram")


class TelegramVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        token = str(config.get("apiToken") or "")
        if not token:
            return CheckResult.failing("the bot token is required")
        url = f"{str(config.get('baseUrl') or PUBLIC_BASE).rstrip('/')}/bot{quote(token, safe=':')}/getMe"
        return await http_check(transport, "GET", url, read, "Telegram")


VERIFIER = TelegramVerifier()
