"""OneSignal's cheapest read the App API key may make: one message, ``GET /notifications?app_id=…&limit=1``.

``GET /apps/{app_id}`` needs the Organization key, which Interlink does not hold, so it cannot check the app key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from interlink.providers.onesignal.sender import PUBLIC_BASE, SENDER
from interlink.sdk import Answer, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check


def read(status: int, headers: Mapping[str, str], text: str) -> CheckResult:
    if status == 200:
        return CheckResult.ok("OneSignal accepted the App API key for the app", status)
    return by_status(status, SENDER.problem(Answer(status, headers, text)), "OneSignal")


class OneSignalVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        app, key = str(config.get("applicationId") or "").strip(), str(config.get("apiKey") or "")
        if not app or not key:
            return CheckResult.failing("the app ID and App API key are required")
        query = urlencode({"app_id": app, "limit": 1})
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + f"/notifications?{query}"
        return await http_check(transport, "GET", url, read, "OneSignal", headers={"Authorization": f"Key {key}"})


VERIFIER = OneSignalVerifier()
