"""SMS through Amazon SNS ``Publish`` to a phone number (Query API), signed with SigV4 by botocore's signer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode
from xml.etree.ElementTree import Element, ParseError

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

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
    text_of,
)
from interlink.sdk.http import one_line

VERSION = "2010-03-31"
FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
THROTTLED = {"Throttling", "Throttled", "ThrottlingException"}
NEEDS = "an access key ID, a secret access key and a region"


def endpoint(config: Mapping[str, Any]) -> str:
    return str(config.get("baseUrl") or f"https://sns.{config.get('region')}.amazonaws.com").rstrip("/") + "/"


def form_of(message: OutboundMessage, config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``Publish`` to the recipient's number, with the sender ID and SMS type as message attributes when set."""
    pairs = [
        ("Action", "Publish"),
        ("Version", VERSION),
        ("PhoneNumber", recipient_of(message, "phone")),
        ("Message", text_of(message)),
    ]
    attributes = (("AWS.SNS.SMS.SenderID", "senderId"), ("AWS.SNS.SMS.SMSType", "smsType"))
    chosen = [(name, one_line(config.get(key))) for name, key in attributes if one_line(config.get(key))]
    for number, (name, value) in enumerate(chosen, start=1):
        entry = f"MessageAttributes.entry.{number}"
        pairs += [(f"{entry}.Name", name), (f"{entry}.Value.DataType", "String"), (f"{entry}.Value.StringValue", value)]
    return pairs


def signed_headers(url: str, data: bytes, config: Mapping[str, Any]) -> dict[str, str]:
    """The request's headers with SigV4 ``Authorization`` and ``X-Amz-Date`` for the ``sns`` service."""
    request = AWSRequest(method="POST", url=url, data=data, headers={"Content-Type": FORM_TYPE})
    access, secret = key_of(config, "apiKey", NEEDS, "region"), key_of(config, "secretKey", NEEDS)
    try:
        SigV4Auth(Credentials(access, secret), "sns", str(config["region"])).add_auth(request)
    except ValueError:
        raise Misconfigured("the request cannot be signed for this region") from None
    return {k: str(v) for k, v in request.headers.items()}


def xml_of(text: str) -> Element | None:
    """The answer's XML root, or None when it is not (well-formed, harmless) XML."""
    try:
        return fromstring(text) if text else None
    except (ParseError, DefusedXmlException):
        return None


def found(root: Element | None, name: str) -> str:
    """The text of the first element called ``name`` in any namespace."""
    for element in root.iter() if root is not None else ():
        if element.tag.rsplit("}", 1)[-1] == name:
            return (element.text or "").strip()
    return ""


class SnsSender(HttpSender):
    """One signed ``Publish`` per message."""

    service = "SNS"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        url = endpoint(config)
        data = urlencode(form_of(message, config)).encode()
        return Request(url, headers=signed_headers(url, data, config), data=data)

    def outcome(self, answer: Answer) -> Outcome:
        """Throttling is retried whatever its status (400 ``Throttling`` or 429 ``Throttled``, no wait)."""
        return Outcome.RETRY if found(xml_of(answer.text), "Code") in THROTTLED else by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        return found(xml_of(answer.text), "MessageId") or None

    def problem(self, answer: Answer) -> str:
        root = xml_of(answer.text)
        code, said = found(root, "Code"), found(root, "Message")
        return one_line(f"{code}: {said}" if code and said else code or said)[:200]


SENDER = SnsSender()
