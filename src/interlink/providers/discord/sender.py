"""Posts to a Discord channel by executing one of its webhooks (``?wait=true``, so Discord returns the message id).

Recipient: ``{"threadId": "…"}`` posts into that thread of the webhook's channel; otherwise the channel itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yarl import URL

from interlink.sdk import Answer, CannotSend, HttpSender, Misconfigured, OutboundMessage, Request, seconds, text_of

MAX_CONTENT = 2000  # Discord refuses longer content


def content_of(message: OutboundMessage) -> str:
    """The subject in bold above the text (Discord markdown), cut to Discord's 2,000 characters."""
    return text_of(message, "**{subject}**\n{text}", MAX_CONTENT)


def target(config: Mapping[str, Any], message: OutboundMessage) -> str:
    """The webhook URL with ``wait=true`` and, when the recipient names one, ``thread_id``."""
    url = URL(str(config.get("webhookUrl") or ""))
    query: dict[str, str] = {"wait": "true"}
    thread = message.recipient.get("threadId")
    if isinstance(thread, str | int) and not isinstance(thread, bool) and str(thread).strip():
        query["thread_id"] = str(thread).strip()
    return str(url.update_query(query))


class DiscordSender(HttpSender):
    """Executes the integration's webhook with the message as ``content``; ``@everyone`` never pings.

    Discord answers 200 with the message (its ``id``) or 204; errors are ``{"code", "message"}``, and a 429
    adds ``retry_after`` (fractional seconds, more precise than the header's whole seconds).
    """

    service = "Discord"
    id_field = "id"
    max_read = 64 * 1024

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        content = content_of(message)
        if not config.get("webhookUrl"):
            raise Misconfigured("the webhook URL is required")
        try:
            url = target(config, message)
        except ValueError:
            raise CannotSend("the webhook URL cannot be called; check the integration's settings") from None
        return Request(url, json={"content": content, "allowed_mentions": {"parse": ["users", "roles"]}})

    def problem(self, answer: Answer) -> str:
        said, code = answer.fields.get("message"), answer.fields.get("code")
        if not said:
            return ""
        return f"Discord error {code}: {said}" if code is not None else f"Discord: {said}"

    def wait(self, answer: Answer) -> float | None:
        header, body = super().wait(answer), seconds(answer.fields.get("retry_after"))
        return header if body is None else max(body, header or 0.0)


SENDER = DiscordSender()
