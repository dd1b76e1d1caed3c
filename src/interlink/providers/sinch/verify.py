"""Sinch's cheapest authenticated read: one page of one batch, ``GET /xms/v1/{service_plan_id}/batches?page_size=1``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.providers.sinch.sender import base_of
from interlink.sdk import CannotSend, Transport, key_of
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        return CheckResult.ok("Sinch accepted the API token for the service plan", status)
    code, said = str(body.get("code") or ""), str(body.get("text") or "")
    return by_status(status, f"{code}: {said}" if code and said else code or said, "Sinch")


class SinchVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            token = key_of(config, "apiToken", "a service plan ID and an API token", "servicePlanId")
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        plan = quote(str(config["servicePlanId"]).strip(), safe="")
        url = f"{base_of(config)}/xms/v1/{plan}/batches?page_size=1"
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Sinch", headers=headers)


VERIFIER = SinchVerifier()
