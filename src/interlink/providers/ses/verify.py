"""SES's cheapest authenticated read: ``GetAccount`` (``GET /v2/email/account``), signed with SigV4."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.ses.sender import PATH, endpoint, error_of, signed_headers
from interlink.sdk import CannotSend, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, headers: Mapping[str, str], text: str) -> CheckResult:
    if status == 200:
        body = json_of(text)
        if body.get("SendingEnabled") is False:
            return CheckResult.failing("the credentials work, but sending is paused on this SES account", status)
        sandbox = " (still in the SES sandbox)" if body.get("ProductionAccessEnabled") is False else ""
        return CheckResult.ok(f"SES accepted the credentials{sandbox}", status)
    kind, said = error_of(headers, text)
    return by_status(status, f"{kind}: {said}" if kind else said, "SES")


class SesVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        if not config.get("apiKey") or not config.get("secretKey") or not config.get("region"):
            return CheckResult.failing("the access key, secret key and region are required")
        url = endpoint(config).removesuffix(PATH) + "/v2/email/account"
        try:
            headers = signed_headers("GET", url, None, config)
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        return await http_check(transport, "GET", url, read, "SES", headers=headers)


VERIFIER = SesVerifier()
