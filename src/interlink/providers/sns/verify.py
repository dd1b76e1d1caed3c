"""SNS's cheapest authenticated read: ``GetSMSSandboxAccountStatus`` (Query API), signed with SigV4 like a send.

AWS checks the key and signature before the permission, so an ``AuthorizationError`` proves the credentials
work even when the key may only publish.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from interlink.providers.sns.sender import VERSION, endpoint, found, signed_headers, xml_of
from interlink.sdk import CannotSend, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check

FORM = urlencode([("Action", "GetSMSSandboxAccountStatus"), ("Version", VERSION)]).encode()


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    root = xml_of(text)
    if status == 200:
        if found(root, "IsInSandbox").lower() == "true":
            return CheckResult.ok("SNS accepted the credentials (in the SMS sandbox: only verified numbers)", status)
        return CheckResult.ok("SNS accepted the credentials", status)
    code, said = found(root, "Code"), found(root, "Message")
    if code == "AuthorizationError":
        return CheckResult.ok(
            f"SNS accepted the credentials (they may not read the SMS sandbox status: {said})", status
        )
    return by_status(status, f"{code}: {said}" if code and said else code or said, "SNS")


class SnsVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = endpoint(config)
        try:
            headers = signed_headers(url, FORM, config)
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        return await http_check(transport, "POST", url, read, "SNS", headers=headers, data=FORM)


VERIFIER = SnsVerifier()
