"""Delivers an in-app message by handing its content to the engine, which keeps it in the subscriber's feed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import OutboundMessage, SendResult, Transport


class InAppSender:
    """No third party: the message is delivered once the engine stores it (with its environment and integration)."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        subscriber = message.recipient.get("subscriberId")
        if not isinstance(subscriber, str) or not subscriber:
            return SendResult.failed("the message names no subscriberId")
        payload = message.data.get("payload")
        return SendResult.delivered(
            stored={
                "subscriberId": subscriber,
                "subject": message.subject,
                "text": message.text,
                "html": message.html,
                "data": dict(payload) if isinstance(payload, Mapping) else {},
            }
        )


SENDER = InAppSender()
