"""Places a Twilio call that reads the message aloud: Calls.json with inline TwiML ``<Say>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from interlink.providers.twilio.sender import TwilioSender
from interlink.sdk import CannotSend, OutboundMessage

MAX_TWIML = 4000  # Twilio refuses a longer ``Twiml`` parameter
OPEN, CLOSE = "<Response><Say>", "</Say></Response>"


def twiml(text: str) -> str:
    """``<Response><Say>…</Say></Response>`` with the text escaped; a text too long to fit is cut at a word."""
    room = MAX_TWIML - len(OPEN) - len(CLOSE)
    spoken = " ".join(text.split())
    if len(escape(spoken)) > room:
        used = count = 0
        for char in spoken:
            used += len(escape(char))
            if used > room:
                break
            count += 1
        cut = spoken[:count]
        if spoken[count] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        spoken = cut.rstrip()
    return f"{OPEN}{escape(spoken)}{CLOSE}"


class TwilioVoiceSender(TwilioSender):
    """Calls ``recipient["phone"]`` from the integration's number and says the text (or the subject)."""

    resource = "Calls"

    def form(self, message: OutboundMessage, config: Mapping[str, Any], phone: str) -> dict[str, str]:
        text = message.text or message.subject or ""
        if not text.strip():
            raise CannotSend("the message has no text to say")
        return {"To": phone, "From": str(config.get("from") or ""), "Twiml": twiml(text)}


SENDER = TwilioVoiceSender()
