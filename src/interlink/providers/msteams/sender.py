"""Posts an Adaptive Card to a Teams channel through a Workflows "when a webhook request is received" flow.

The flow's URL carries its own signature (``sig``), so it is the credential; the flow posts to the channel it
was built for, so the recipient is not used. Workflows answer 202 and run the flow afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from yarl import URL

from interlink.sdk import Answer, CannotSend, HttpSender, Misconfigured, OutboundMessage, Outcome, Request, by_status

MAX_TEXT = 20_000
ERROR_CODE = re.compile(r"^[A-Za-z0-9_.]{1,80}$")
URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
# A retired Office 365 connector answered 200 with this text instead of an HTTP error.
LEGACY_FAILURE = "Webhook message delivery failed"


def card_of(message: OutboundMessage) -> dict[str, Any]:
    """The message envelope with one Adaptive Card: the subject as a bold heading, then the text."""
    blocks: list[dict[str, Any]] = []
    if message.subject and message.subject.strip():
        blocks.append(
            {"type": "TextBlock", "text": message.subject.strip(), "weight": "Bolder", "size": "Medium", "wrap": True}
        )
    if message.text and message.text.strip():
        blocks.append({"type": "TextBlock", "text": message.text.strip()[:MAX_TEXT], "wrap": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": blocks,
        "msteams": {"width": "full"},
    }
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
    return {"type": "message", "attachments": [attachment]}


def as_given(url: str) -> URL | str:
    """The URL exactly as Teams showed it (``sp=%2Ftriggers…`` stays encoded: it is part of what is signed)."""
    return URL(url, encoded=True) if URL_CHARS.match(url) else url


class TeamsSender(HttpSender):
    """One POST of the card to the flow's URL; errors carry ``{"error": {"code", "message"}}`` (the code is kept)."""

    service = "Teams"
    max_read = 64 * 1024

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        card = card_of(message)
        if not card["attachments"][0]["content"]["body"]:
            raise CannotSend("the message has no text to send")
        url = str(config.get("webhookUrl") or "")
        if not url:
            raise Misconfigured("the workflow URL is required")
        return Request(as_given(url), json=card)

    def outcome(self, answer: Answer) -> Outcome:
        status = by_status(answer.status)
        if status is Outcome.DELIVERED and answer.text.lstrip().startswith(LEGACY_FAILURE):
            return Outcome.FAILED
        return status

    def problem(self, answer: Answer) -> str:
        if answer.text.lstrip().startswith(LEGACY_FAILURE):
            return "Teams refused the message: " + answer.text.strip()[:200]
        error = answer.fields.get("error")
        code = error.get("code") if isinstance(error, dict) else None
        return f"Teams workflow error {code}" if isinstance(code, str) and ERROR_CODE.match(code) else ""


SENDER = TeamsSender()
