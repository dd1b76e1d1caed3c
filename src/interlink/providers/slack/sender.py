"""Posts to Slack through an incoming webhook (mode WEBHOOK) or as a bot with chat.postMessage (mode BOT).

Recipient: in BOT mode ``{"channel": "C0123456789"}`` (an ID or ``#name``) overrides the integration's channel;
an incoming webhook always posts to the channel it was created for, so WEBHOOK mode ignores the recipient.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Outcome, Request, by_status, seconds
from interlink.sdk import text_of as joined

PUBLIC_BASE = "https://slack.com/api"
MAX_TEXT = 40_000  # Slack truncates longer text
ERROR_CODE = re.compile(r"^[a-z0-9_]{1,80}$")
# chat.postMessage errors that say "not now" rather than "never".
TRANSIENT = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
     "team_added_to_org"}
)  # fmt: skip


def text_of(message: OutboundMessage) -> str:
    """The subject in bold above the text (Slack mrkdwn), or whichever of them the message has."""
    return joined(message, "*{subject}*\n{text}")[:MAX_TEXT]


class SlackSender(HttpSender):
    """One POST per message, read the way the mode's endpoint reports errors.

    chat.postMessage answers 200 with ``{"ok": true, "ts": …}`` or ``{"ok": false, "error": …}``; an incoming
    webhook answers 200 ``ok`` or an HTTP error whose plain-text body is an error code.
    """

    service = "Slack"
    id_field = "ts"
    max_read = 64 * 1024

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        text = text_of(message)
        if (config.get("mode") or "WEBHOOK") != "BOT":
            url = str(config.get("webhookUrl") or "")
            if not url:
                raise Misconfigured("WEBHOOK mode needs an incoming webhook URL")
            return Request(url, json={"text": text})
        token = str(config.get("apiToken") or "")
        wanted = message.recipient.get("channel")
        channel = wanted if isinstance(wanted, str) and wanted.strip() else str(config.get("channel") or "")
        if not token or not channel.strip():
            raise Misconfigured("BOT mode needs a bot token and a channel")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/chat.postMessage"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=utf-8"}
        return Request(url, headers=headers, json={"channel": channel.strip(), "text": text}, note="bot")

    @staticmethod
    def _api(answer: Answer) -> bool:
        """An answer of the Web API (it has ``ok``), not an incoming webhook's plain text."""
        return isinstance(answer.fields.get("ok"), bool)

    def outcome(self, answer: Answer) -> Outcome:
        status = by_status(answer.status)
        bot = answer.request is not None and answer.request.note == "bot"
        if bot and status is Outcome.DELIVERED and not self._api(answer):
            return Outcome.RETRY  # the Web API always says ok or not; anything else is not Slack's answer
        if status is Outcome.RETRY or not self._api(answer):
            return status
        if answer.fields["ok"]:
            return status
        return Outcome.RETRY if self._error(answer) in TRANSIENT else Outcome.FAILED

    @staticmethod
    def _error(answer: Answer) -> str:
        error = str(answer.fields.get("error") or "unknown_error")
        return error if ERROR_CODE.match(error) else "unknown_error"

    def problem(self, answer: Answer) -> str:
        if 200 <= answer.status < 300 and not self._api(answer):
            return "Slack answered without an ok field"
        if self._api(answer):
            return "" if answer.fields["ok"] else f"Slack error: {self._error(answer)}"
        code = answer.text.strip()
        return f"Slack error: {code}" if ERROR_CODE.match(code) else ""

    def wait(self, answer: Answer) -> float | None:
        header = super().wait(answer)
        return seconds(answer.fields.get("retry_after")) if header is None else header


SENDER = SlackSender()
