"""Twilio's cheapest authenticated read: the account resource, ``GET /2010-04-01/Accounts/{AccountSid}.json``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp

from interlink.providers.twilio.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        state = str(body.get("status") or "")
        if state and state != "active":
            return CheckResult.failing(f"the Twilio account is {state}", status)
        return CheckResult.ok(f"Twilio account {body.get('friendly_name') or body.get('sid') or ''} is active", status)
    said = f"error {body['code']}: {body.get('message') or ''}" if body.get("code") else str(body.get("message") or "")
    return by_status(status, said, "Twilio")


class TwilioVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        account, token = str(config.get("accountSid") or ""), str(config.get("token") or "")
        if not account or not token or ":" in account:
            return CheckResult.failing("the account SID and auth token are required")
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        url = f"{base}/2010-04-01/Accounts/{quote(account, safe='')}.json"
        headers = {"Authorization": aiohttp.encode_basic_auth(account, token), "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Twilio", headers=headers)


VERIFIER = TwilioVerifier()
