"""Postmark's cheapest authenticated read: ``GET /server`` with the server token."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.postmark.sender import DEFAULT_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        return CheckResult.ok(f"server {body.get('Name') or ''} accepts the token".replace("  ", " "), status)
    said = f"error {body['ErrorCode']}: {body.get('Message') or ''}" if "ErrorCode" in body else ""
    return by_status(status, said, "Postmark")


class PostmarkVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = str(config.get("baseUrl") or DEFAULT_BASE).rstrip("/") + "/server"
        headers = {"X-Postmark-Server-Token": str(config.get("apiKey") or ""), "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Postmark", headers=headers)


VERIFIER = PostmarkVerifier()
