"""Email through Amazon SES v2 ``SendEmail``, signed with SigV4 by botocore's signer."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import formataddr
from typing import Any

import orjson
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from interlink.sdk import (
    Answer,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Outcome,
    Request,
    by_status,
    key_of,
    recipient_of,
)
from interlink.sdk.http import one_line

PATH = "/v2/email/outbound-emails"
THROTTLED = {"TooManyRequestsException", "ThrottlingException", "Throttling"}


def endpoint(config: Mapping[str, Any]) -> str:
    base = str(config.get("baseUrl") or f"https://email.{config.get('region')}.amazonaws.com").rstrip("/")
    return base + PATH


def body_of(message: OutboundMessage, config: Mapping[str, Any]) -> dict[str, Any]:
    """A Simple content email: subject, text and/or HTML, to the one recipient."""
    sender = str(config.get("from") or "")
    name = one_line(config.get("senderName"))
    body = {
        kind: {"Data": value, "Charset": "UTF-8"}
        for kind, value in (("Text", message.text), ("Html", message.html))
        if value
    }
    return {
        "FromEmailAddress": formataddr((name, sender)) if name else sender,
        "Destination": {"ToAddresses": [str(message.recipient.get("email") or "")]},
        "Content": {"Simple": {"Subject": {"Data": one_line(message.subject), "Charset": "UTF-8"}, "Body": body}},
    }


def signed_headers(method: str, url: str, data: bytes | None, config: Mapping[str, Any]) -> dict[str, str]:
    """The request's headers with SigV4 ``Authorization`` and ``X-Amz-Date`` for the ``ses`` service."""
    headers = {"Content-Type": "application/json"} if data is not None else {}
    request = AWSRequest(method=method, url=url, data=data, headers=headers)
    access = key_of(config, "apiKey", "an access key ID, a secret access key and a region")
    secret = key_of(config, "secretKey", "an access key ID, a secret access key and a region")
    try:
        SigV4Auth(Credentials(access, secret), "ses", str(config.get("region") or "")).add_auth(request)
    except ValueError:
        raise Misconfigured("the request cannot be signed for this region") from None
    return {k: str(v) for k, v in request.headers.items()}


def error_of(headers: Mapping[str, str], text: str) -> tuple[str, str]:
    """The error type (``x-amzn-ErrorType`` or ``__type``) and its message."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = {}
    data = data if isinstance(data, dict) else {}
    kind = headers.get("x-amzn-ErrorType") or str(data.get("__type") or "")
    kind = kind.split(":", 1)[0].rsplit("#", 1)[-1]
    return kind, str(data.get("message") or data.get("Message") or "")


class SesSender(HttpSender):
    """One signed ``SendEmail`` per message."""

    service = "SES"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        if not config.get("region") or not config.get("from"):
            raise Misconfigured("it needs a region and a from address")
        recipient_of(message, "email")
        url = endpoint(config)
        data = orjson.dumps(body_of(message, config))
        return Request(url, headers=signed_headers("POST", url, data, config), data=data)

    def outcome(self, answer: Answer) -> Outcome:
        """Throttling is retried whatever its status (SES sends no Retry-After)."""
        kind, _ = error_of(answer.headers, answer.text)
        return Outcome.RETRY if kind in THROTTLED else by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        found = answer.fields.get("MessageId")
        return str(found) if found else None

    def problem(self, answer: Answer) -> str:
        kind, said = error_of(answer.headers, answer.text)
        return one_line(f"{kind}: {said}" if kind and said else kind or said)


SENDER = SesSender()
