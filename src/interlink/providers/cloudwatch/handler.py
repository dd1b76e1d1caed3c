"""SNS: the message's signature checked with the certificate at ``SigningCertURL`` (an SNS host only).

``verify`` (at the door) checks the shape, the certificate and subscribe URLs' hosts and the age; the
signature itself is checked on the queue, once the certificate was fetched (``fetches``), and a message
that fails it opens nothing. A verified ``SubscriptionConfirmation`` is confirmed by visiting its
``SubscribeURL`` (``visits``).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import orjson
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from interlink.sdk.inbound import ActionKind, AlertAction, BaseHandler, InboundRequest, Verdict

SNS_HOST = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
MAX_AGE = 3600.0
SIGNED_KEYS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}


def is_sns_url(url: object, *, pem: bool = False) -> bool:
    """An https URL on an SNS host (and a .pem path for a certificate)."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    host_ok = parts.scheme == "https" and bool(SNS_HOST.match(parts.hostname or "")) and parts.port in (None, 443)
    return host_ok and (not pem or parts.path.endswith(".pem"))


def string_to_sign(message: dict[str, Any]) -> bytes:
    """``key\\nvalue\\n`` for each signed key the message has, in SNS's order."""
    keys = SIGNED_KEYS[str(message["Type"])]
    return "".join(f"{k}\n{message[k]}\n" for k in keys if k in message and message[k] is not None).encode()


def signature_holds(message: dict[str, Any], pem: bytes) -> bool:
    try:
        key = x509.load_pem_x509_certificate(pem).public_key()
        signature = base64.b64decode(str(message.get("Signature", "")), validate=True)
    except (ValueError, binascii.Error):
        return False
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    algorithm = hashes.SHA256() if str(message.get("SignatureVersion")) == "2" else hashes.SHA1()
    try:
        key.verify(signature, string_to_sign(message), padding.PKCS1v15(), algorithm)
    except InvalidSignature:
        return False
    return True


def _message(request: InboundRequest) -> dict[str, Any]:
    payload = request.json()
    if not isinstance(payload, dict) or payload.get("Type") not in SIGNED_KEYS:
        raise ValueError(
            "an SNS message has a Type of Notification, SubscriptionConfirmation or UnsubscribeConfirmation"
        )
    return payload


class CloudWatchHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        try:
            message = _message(request)
        except ValueError as exc:
            return Verdict.refuse(str(exc))
        if str(message.get("SignatureVersion")) not in {"1", "2"} or not message.get("Signature"):
            return Verdict.refuse("the SNS message is not signed")
        if not is_sns_url(message.get("SigningCertURL"), pem=True):
            return Verdict.refuse("SigningCertURL is not an https .pem URL on an SNS host")
        if message["Type"] != "Notification" and not is_sns_url(message.get("SubscribeURL")):
            return Verdict.refuse("SubscribeURL is not an https URL on an SNS host")
        try:
            sent = datetime.fromisoformat(str(message.get("Timestamp", "")).replace("Z", "+00:00"))
        except ValueError:
            return Verdict.refuse("the SNS Timestamp is missing or malformed")
        if abs((now - sent).total_seconds()) > MAX_AGE:
            return Verdict.refuse("the SNS message is more than an hour old")
        return Verdict.accept()

    def fetches(self, request: InboundRequest) -> list[str]:
        url = _message(request).get("SigningCertURL")
        return [url] if isinstance(url, str) and is_sns_url(url, pem=True) else []

    def visits(self, request: InboundRequest) -> list[str]:
        message = _message(request)
        return [message["SubscribeURL"]] if message["Type"] == "SubscriptionConfirmation" else []

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        message = _message(request)
        pem = request.fetched.get(str(message.get("SigningCertURL")))
        if pem is None or not signature_holds(message, pem):
            raise ValueError("the SNS signature does not verify against the signing certificate")
        if message["Type"] == "SubscriptionConfirmation":
            return [AlertAction(ActionKind.IGNORE, reason=f"subscription to {message.get('TopicArn')} confirmed")]
        if message["Type"] == "UnsubscribeConfirmation":
            return [AlertAction(ActionKind.IGNORE, reason=f"unsubscribed from {message.get('TopicArn')}")]
        return [self._alarm(message)]

    def _alarm(self, message: dict[str, Any]) -> AlertAction:
        try:
            alarm = orjson.loads(str(message.get("Message", "")))
        except orjson.JSONDecodeError:
            alarm = None
        if not isinstance(alarm, dict) or "AlarmName" not in alarm:
            return AlertAction(ActionKind.IGNORE, reason="the SNS message is not a CloudWatch alarm")
        key = str(alarm.get("AlarmArn") or f"{message.get('TopicArn')}:{alarm.get('AlarmName')}")
        state = alarm.get("NewStateValue")
        if state == "OK":
            return AlertAction(ActionKind.RESOLVE, third_party_id=key)
        if state != "ALARM":
            return AlertAction(ActionKind.IGNORE, reason=f"alarm state {state}")
        found = alarm.get("Trigger")
        trigger: dict[str, Any] = found if isinstance(found, dict) else {}
        return AlertAction(
            ActionKind.CREATE,
            title=str(message.get("Subject") or f"ALARM: {alarm.get('AlarmName')}"),
            description=str(alarm.get("NewStateReason") or alarm.get("AlarmDescription") or "") or None,
            urgency="high",
            third_party_id=key,
            tags=tuple(
                t for t in ("cloudwatch", str(alarm.get("Region") or ""), str(trigger.get("Namespace") or "")) if t
            ),
            additional_data=({"label": "alarm", "value": key},),
        )


HANDLER = CloudWatchHandler()
