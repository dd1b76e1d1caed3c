"""A local SNS Query endpoint: recomputes the SigV4 signature with botocore as AWS would, then answers as documented."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl

from aiohttp import web
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from interlink.sdk.testing import fixtures
from tests.receivers import Received, Receiver, Reply

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "eu-west-1"
_AUTH = re.compile(r"^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")
_ERROR = (
    '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>'
    "<Code>{code}</Code><Message>{message}</Message></Error><RequestId>00000000-fake</RequestId></ErrorResponse>"
)

BOOK = fixtures(Path(__file__).parent)


def signature_problem(request: web.Request, seen: Received) -> str | None:
    """Why the SigV4 signature does not hold for these credentials, region and service, or None."""
    found = _AUTH.match(seen.headers.get("Authorization", ""))
    if not found:
        return "no SigV4 Authorization"
    scope, signed, signature = found.groups()
    access, _date, region, service, _ = scope.split("/")
    if (access, region, service) != (ACCESS_KEY, REGION, "sns"):
        return "wrong credential scope"
    lower = {k.lower(): v for k, v in seen.headers.items()}
    headers = {name: lower[name] for name in signed.split(";") if name in lower}
    again = AWSRequest(
        method=request.method, url=f"http://{request.host}{request.path_qs}", data=seen.body, headers=headers
    )
    again.context["timestamp"] = lower.get("x-amz-date", "")
    auth = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "sns", REGION)
    expected = auth.signature(auth.string_to_sign(again, auth.canonical_request(again)), again)
    return None if expected == signature else "signature mismatch"


def error(status: int, code: str, message: str) -> web.Response:
    return web.Response(status=status, text=_ERROR.format(code=code, message=message), content_type="text/xml")


class FakeSns:
    """Checks the signature and the ``Publish`` members SNS requires; keeps each accepted form."""

    def __init__(self) -> None:
        self.sent: list[list[tuple[str, str]]] = []
        self.refused: list[str] = []

    async def reply(self, request: web.Request, seen: Received) -> web.StreamResponse:
        why = signature_problem(request, seen)
        if why:
            self.refused.append(why)
            return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match")
        form = parse_qsl(seen.body.decode(), keep_blank_values=True)
        fields = dict(form)
        if (request.path, fields.get("Action"), fields.get("Version")) != ("/", "Publish", "2010-03-31"):
            return error(400, "InvalidAction", "The action or operation requested is invalid")
        if not fields.get("Message") or not fields.get("PhoneNumber", "").startswith("+"):
            return error(400, "InvalidParameter", "Invalid parameter: PhoneNumber or Message")
        self.sent.append(form)
        return await BOOK.reply("publish__ok")(request, seen)

    def receiver(self, *replies: Reply) -> Receiver:
        return Receiver(default=self.reply, replies=list(replies))
