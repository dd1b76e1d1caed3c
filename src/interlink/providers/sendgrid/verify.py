"""SendGrid's cheapest authenticated read: ``GET /v3/scopes``, which must include ``mail.send``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.sendgrid.sender import SENDER, endpoint
from interlink.sdk import Answer, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, headers: Mapping[str, str], text: str) -> CheckResult:
    if status != 200:
        return by_status(status, SENDER.problem(Answer(status, headers, text)), "SendGrid")
    scopes = json_of(text).get("scopes") or []
    if "mail.send" not in scopes:
        return CheckResult.failing("the API key works but lacks the mail.send scope", status)
    return CheckResult.ok("the API key has the mail.send scope", status)


class SendGridVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = endpoint(config).removesuffix("/mail/send") + "/scopes"
        headers = {"Authorization": f"Bearer {config.get('apiKey') or ''}"}
        return await http_check(transport, "GET", url, read, "SendGrid", headers=headers)


VERIFIER = SendGridVerifier()
