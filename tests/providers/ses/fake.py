"""A local SES v2 endpoint: recomputes the SigV4 signature with botocore as AWS would, then answers as documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aiohttp import web
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from interlink.sdk.testing import fixtures
from tests.receivers import Received, Receiver, Reply

FIXTURES = Path(__file__).parent / "fixtures"
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "eu-west-1"
_AUTH = re.compile(r"^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")


BOOK = fixtures(Path(__file__).parent)


def signature_problem(request: web.Request, seen: Received, service: str = "ses") -> str | None:
    """Why the SigV4 signature does not hold for these credentials, region and ``service``, or None."""
    found = _AUTH.match(seen.headers.get("Authorization", ""))
    if not found:
        return "no SigV4 Authorization"
    scope, signed, signature = found.groups()
    access, _date, region, scoped, _ = scope.split("/")
    if (access, region, scoped) != (ACCESS_KEY, REGION, service):
        return "wrong credential scope"
    lower = {k.lower(): v for k, v in seen.headers.items()}
    headers = {name: lower[name] for name in signed.split(";") if name in lower}
    again = AWSRequest(
        method=request.method, url=f"http://{request.host}{request.path_qs}", data=seen.body, headers=headers
    )
    again.context["timestamp"] = lower.get("x-amz-date", "")
    auth = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), service, REGION)
    expected = auth.signature(auth.string_to_sign(again, auth.canonical_request(again)), again)
    return None if expected == signature else "signature mismatch"


class FakeSes:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.refused: list[str] = []

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        why = signature_problem(request, seen)
        if why:
            self.refused.append(why)
            return web.json_response(
                {"message": "The request signature we calculated does not match the signature you provided."},
                status=403,
                headers={"x-amzn-ErrorType": "SignatureDoesNotMatch:"},
            )
        if request.path != "/v2/email/outbound-emails":
            return web.json_response(
                {"message": "Not found"}, status=404, headers={"x-amzn-ErrorType": "NotFoundException:"}
            )
        body = seen.json()
        if not body.get("Content"):
            return web.json_response(
                {"message": "Content is required"}, status=400, headers={"x-amzn-ErrorType": "BadRequestException:"}
            )
        self.sent.append(body)
        return await BOOK.reply("send_email__ok")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
