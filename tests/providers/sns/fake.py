"""A local SNS Query endpoint: recomputes the SigV4 signature with botocore as AWS would, then answers as documented."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

from aiohttp import web

from interlink.sdk.testing import fixtures
from tests.providers.ses.fake import ACCESS_KEY as ACCESS_KEY  # the same test account as the SES fake
from tests.providers.ses.fake import REGION as REGION
from tests.providers.ses.fake import SECRET_KEY as SECRET_KEY
from tests.providers.ses.fake import signature_problem as sigv4_problem
from tests.receivers import Received, Receiver, Reply

_ERROR = (
    '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>'
    "<Code>{code}</Code><Message>{message}</Message></Error><RequestId>00000000-fake</RequestId></ErrorResponse>"
)

BOOK = fixtures(Path(__file__).parent)


def signature_problem(request: web.Request, seen: Received) -> str | None:
    """Why the SigV4 signature does not hold for SNS, or None (the same check as the SES fake's)."""
    return sigv4_problem(request, seen, "sns")


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
