"""Telnyx's cheapest authenticated read: ``GET /v2/balance``, the check Telnyx itself suggests for a new key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.telnyx.sender import PUBLIC_BASE
from interlink.sdk import CannotSend, Transport, key_of
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def errors_of(body: Mapping[str, Any]) -> str:
    """Telnyx's ``errors`` list as ``code title: detail`` entries."""
    listed = body.get("errors")
    return "; ".join(
        f"{e.get('code') or ''} {e.get('title') or ''}: {e.get('detail') or ''}".strip(": ")
        for e in (listed if isinstance(listed, list) else [])
        if isinstance(e, dict)
    )


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        data = body.get("data")
        found = data if isinstance(data, dict) else {}
        words = " ".join(
            str(w) for w in ("balance", found.get("balance"), found.get("currency")) if w not in (None, "")
        )
        shown = f" ({words})" if found.get("balance") is not None else ""
        return CheckResult.ok(f"Telnyx accepted the API key{shown}", status)
    return by_status(status, errors_of(body), "Telnyx")


class TelnyxVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            key = key_of(config, "apiKey", "an API key")
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/").removesuffix("/v2") + "/v2/balance"
        headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Telnyx", headers=headers)


VERIFIER = TelnyxVerifier()
