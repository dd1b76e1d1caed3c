"""Push through OneSignal: ``POST /notifications`` with ``Key`` auth; a 200 with an empty ``id`` sent nothing.

The recipient's ``token`` is a subscription id (or ``externalId`` an external user id); the message id is
the idempotency key, so a retry never notifies twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from interlink.sdk import (
    Answer,
    CannotSend,
    HttpSender,
    OutboundMessage,
    Outcome,
    Request,
    by_status,
    key_of,
    parse_retry_after,
    text_of,
)
from interlink.sdk.http import one_line

PUBLIC_BASE = "https://api.onesignal.com"


class OneSignalSender(HttpSender):
    service = "OneSignal"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "an app ID and an app REST API key", "applicationId")
        body: dict[str, Any] = {
            "app_id": str(config["applicationId"]),
            "target_channel": "push",
            "contents": {"en": text_of(message, "{text}")},
            "idempotency_key": str(uuid.uuid5(uuid.NAMESPACE_URL, f"interlink:{message.id}")),
        }
        if message.recipient.get("externalId"):
            body["include_aliases"] = {"external_id": [str(message.recipient["externalId"])]}
        elif message.recipient.get("token"):
            body["include_subscription_ids"] = [str(message.recipient["token"])]
        else:
            raise CannotSend("the message names no OneSignal subscription (token) or externalId")
        if message.subject:
            body["headings"] = {"en": message.subject}
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/notifications"
        return Request(url, headers={"Authorization": f"Key {key}"}, json=body)

    def outcome(self, answer: Answer) -> Outcome:
        if 200 <= answer.status < 300 and not answer.fields.get("id"):
            return Outcome.FAILED
        return by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        return str(answer.fields.get("id") or "") or None

    def problem(self, answer: Answer) -> str:
        errors = answer.fields.get("errors")
        if isinstance(errors, list):
            return one_line("; ".join(map(str, errors)))
        return one_line(str(errors or ""))

    def wait(self, answer: Answer) -> float | None:
        """OneSignal documents ``RetryAfter`` (sic); its SDK honours ``Retry-After``: accept both."""
        return parse_retry_after(answer.headers.get("Retry-After") or answer.headers.get("RetryAfter"))


SENDER = OneSignalSender()
