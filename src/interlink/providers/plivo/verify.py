"""Plivo's cheapest authenticated read: the account itself, ``GET /v1/Account/{auth_id}/`` with Basic auth."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.providers.plivo.sender import PUBLIC_BASE
from interlink.sdk import CannotSend, Transport, basic_auth, key_of
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of

NEEDS = "an auth ID and an auth token"


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        trial = ", a trial account" if body.get("account_type") == "developer" else ""
        name = body.get("name") or body.get("auth_id") or "the account"
        return CheckResult.ok(f"Plivo accepted the credentials ({name}{trial})", status)
    said = body.get("error") or body.get("message") or ("" if body else text)
    return by_status(status, str(said), "Plivo")


class PlivoVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            token = key_of(config, "token", NEEDS, "accountSid")
            auth_id = str(config["accountSid"]).strip()
            headers = {"Authorization": basic_auth(auth_id, token), "Accept": "application/json"}
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        url = f"{base}/v1/Account/{quote(auth_id, safe='')}/"
        return await http_check(transport, "GET", url, read, "Plivo", headers=headers)


VERIFIER = PlivoVerifier()
