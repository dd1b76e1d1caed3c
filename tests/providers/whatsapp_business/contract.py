"""WhatsApp Business's case of the provider contract: Meta's documented answers, the exact request sent."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, HttpCase, Recorded, Scenario, fixtures

BOOK = fixtures(Path(__file__).parent)
TOKEN = "EAAGm0PX4ZCpsBAKZBq9wLxMz1yQ0ZCwhatsappsecretZDZD"
PHONE_NUMBER_ID = "106540352242922"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTWHATSAPP00000001", channel="chat", recipient={"phone": "+16505551234"}, text="Pump 3 stopped"
)


def config(base: str) -> dict[str, object]:
    return {"apiToken": TOKEN, "phoneNumberIdentification": PHONE_NUMBER_ID, "to": "+16505551234", "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", f"/{PHONE_NUMBER_ID}/messages")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.json() == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "16505551234",
        "type": "text",
        "text": {"preview_url": False, "body": "Pump 3 stopped"},
    }


CASE = HttpCase(
    provider="whatsapp_business",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("messages__sent"),
    rate_limited=BOOK.reply("error__rate_limit_hit"),
    rate_limit_wait=None,
    rate_limited_bare=BOOK.reply("error__rate_limit_hit"),
    permanent=BOOK.reply("error__access_token_expired"),
    request_check=sent,
    scenarios=ALL - {Scenario.RATE_LIMITED},  # Meta documents no wait: throttling is an error code, no Retry-After
)
