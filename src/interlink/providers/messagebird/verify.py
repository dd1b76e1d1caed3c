"""MessageBird's cheapest authenticated read: the account balance, ``GET /balance`` with ``AccessKey`` auth."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.messagebird.sender import PUBLIC_BASE
from interlink.sdk import CannotSend, Transport, key_of
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        words = " ".join(
            str(w)
            for w in (body.get("payment"), "balance", body.get("amount"), body.get("type"))
            if w not in (None, "")
        )
        shown = f" ({words})" if body.get("amount") is not None else ""
        return CheckResult.ok(f"MessageBird accepted the access key{shown}", status)
    listed = body.get("errors")
    said = "; ".join(
        f"{e.get('code')}: {e.get('description') or ''}"
        for e in (listed if isinstance(listed, list) else [])
        if isinstance(e, dict)
    )
    return by_status(status, said, "MessageBird")


class MessageBirdVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            key = key_of(config, "accessKey", "an access key")
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/balance"
        headers = {"Authorization": f"AccessKey {key}", "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "MessageBird", headers=headers)


VERIFIER = MessageBirdVerifier()
