"""SparkPost's cheapest authenticated read: the account, ``GET /api/v1/account``.

A key limited to Transmissions is refused there with 403 though it is valid, so a 403 cannot tell: ``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.sparkpost.sender import SENDER, base_of
from interlink.sdk import Answer, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of
from interlink.sdk.http import one_line


def read(status: int, headers: Mapping[str, str], text: str) -> CheckResult:
    if status == 200:
        given = json_of(text).get("results")
        account: dict[str, Any] = given if isinstance(given, dict) else {}
        state = one_line(account.get("status"))
        if state and state != "active":
            return CheckResult.failing(f"the SparkPost account is {state}", status)
        return CheckResult.ok("SparkPost accepted the API key; the account is active", status)
    said = SENDER.problem(Answer(status, headers, text))
    if status == 403:
        words = f"SparkPost answered HTTP 403: {said}".rstrip(": ")
        return CheckResult.unknown(f"{words} (the key may lack Account: Read, which sending does not need)", status)
    return by_status(status, said, "SparkPost")


class SparkPostVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        headers = {"Authorization": str(config.get("apiKey") or ""), "Accept": "application/json"}
        url = f"{base_of(config)}/api/v1/account"
        return await http_check(transport, "GET", url, read, "SparkPost", headers=headers)


VERIFIER = SparkPostVerifier()
