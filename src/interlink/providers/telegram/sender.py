"""Sends a message through a Telegram bot (Bot API ``sendMessage``); the bot token is part of the URL path.

Recipient: ``{"chatId": …}`` (a numeric id or ``@channelusername``) overrides the integration's chat.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.sdk import Answer, HttpSender, Misconfigured, OutboundMessage, Outcome, Request, by_status, seconds
from interlink.sdk import text_of as joined

PUBLIC_BASE = "https://api.telegram.org"
MAX_TEXT = 4096  # Telegram refuses longer text
NUMERIC = re.compile(r"^-?\d{1,20}$")


def text_of(message: OutboundMessage) -> str:
    """The subject above the text (plain text: no parse mode, so nothing needs escaping), cut to 4,096 characters."""
    return joined(message, "{subject}\n\n{text}", MAX_TEXT)


def chat_of(message: OutboundMessage, config: Mapping[str, Any]) -> int | str:
    """The recipient's ``chatId`` or the integration's; numeric ids go as integers, ``@names`` as strings."""
    wanted = message.recipient.get("chatId")
    if isinstance(wanted, bool) or not isinstance(wanted, str | int) or not str(wanted).strip():
        wanted = config.get("chatId")
    chat = str(wanted or "").strip()
    return int(chat) if NUMERIC.match(chat) else chat


class TelegramSender(HttpSender):
    """POSTs ``{"chat_id", "text"}`` as JSON to ``{base}/bot<token>/sendMessage``.

    Telegram answers ``{"ok": true, "result": Message}`` or ``{"ok": false, "error_code", "description",
    "parameters"}``; ``parameters.retry_after`` is its rate-limit signal.
    """

    service = "Telegram"
    max_read = 64 * 1024

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        text = text_of(message)
        token, chat = str(config.get("apiToken") or ""), chat_of(message, config)
        if not token or chat == "":
            raise Misconfigured("the bot token and a chat ID are required")
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        return Request(f"{base}/bot{quote(token, safe=':')}/sendMessage", json={"chat_id": chat, "text": text})

    def outcome(self, answer: Answer) -> Outcome:
        """An error in a 2xx answer is never a delivery."""
        status = by_status(answer.status)
        if status is Outcome.DELIVERED and answer.fields.get("ok") is False:
            return Outcome.FAILED
        return status

    def message_id(self, answer: Answer) -> str | None:
        sent = answer.fields.get("result")
        found = sent.get("message_id") if isinstance(sent, dict) else None
        return str(found) if found is not None else None

    def _parameters(self, answer: Answer) -> dict[str, Any]:
        found = answer.fields.get("parameters")
        return found if isinstance(found, dict) else {}

    def problem(self, answer: Answer) -> str:
        if not isinstance(answer.fields.get("ok"), bool):
            return ""
        description = str(answer.fields.get("description") or "")
        moved = self._parameters(answer).get("migrate_to_chat_id")
        if moved is not None:
            description += f"; the group is now the supergroup {moved}: set the chat ID to it"
        return f"Telegram: {description}" if description else ""

    def wait(self, answer: Answer) -> float | None:
        wait = seconds(self._parameters(answer).get("retry_after"))
        return super().wait(answer) if wait is None else wait


SENDER = TelegramSender()
