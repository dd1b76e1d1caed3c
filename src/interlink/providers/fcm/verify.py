"""FCM: the service account is checked by getting an access token from its token URI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.fcm import oauth
from interlink.sdk import Outcome, SendResult, Transport
from interlink.sdk.checks import CheckResult


class FcmVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            account = oauth.parse(str(config.get("serviceAccount") or ""))
        except ValueError as exc:
            return CheckResult.failing(str(exc))
        got = await oauth.fetch(account, transport)
        if isinstance(got, SendResult):
            verdict = CheckResult.unknown if got.outcome is Outcome.RETRY else CheckResult.failing
            return verdict(got.detail, got.status_code)
        return CheckResult.ok(f"Google issued an access token to {account.client_email}")


VERIFIER = FcmVerifier()
