"""Opsgenie's cheapest authenticated read in the domain the sender uses: ``GET /v2/alerts/count`` with ``GenieKey``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.opsgenie.sender import base_of
from interlink.sdk import CannotSend, Transport, key_of
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        return CheckResult.ok("Opsgenie accepted the API key", status)
    return by_status(status, str(body.get("message") or ""), "Opsgenie")


class OpsgenieVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            key = key_of(config, "apiKey", "an API key")
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        headers = {"Authorization": f"GenieKey {key}", "Accept": "application/json"}
        return await http_check(
            transport, "GET", f"{base_of(config)}/v2/alerts/count", read, "Opsgenie", headers=headers
        )


VERIFIER = OpsgenieVerifier()
