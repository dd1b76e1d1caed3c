"""The Twilio voice sender against a local Twilio API: a Calls.json form whose TwiML says the text."""

from __future__ import annotations

import base64
from xml.etree import ElementTree

from interlink.providers.twilio_voice.sender import MAX_TWIML, SENDER, twiml
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.twilio.contract import ACCOUNT, TOKEN
from tests.providers.twilio.fake import FakeTwilio, form
from tests.providers.twilio_voice.contract import BOOK
from tests.receivers import Receiver


def outbound(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTVOICE000000000001",
        "channel": "phone",
        "recipient": {"phone": "+14155551212"},
        "text": "Ahoy, World!",
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


def config(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"accountSid": ACCOUNT, "token": TOKEN, "from": "+15017122661", "baseUrl": api.url, **overrides}


def fake() -> FakeTwilio:
    return FakeTwilio("Calls", "call_created", BOOK)


async def test_the_request_is_the_documented_call_with_inline_twiml(transport: HttpTransport) -> None:
    documented_request = BOOK.load("call_create__request")
    async with fake().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    [request] = api.received
    assert (request.method, request.path) == (documented_request["method"], documented_request["path"])
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(request) == documented_request["body"]
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert (result.status_code, result.provider_message_id) == (201, BOOK.load("call_created")["body"]["sid"])


async def test_markup_in_the_text_is_spoken_not_obeyed(transport: HttpTransport) -> None:
    text = 'Tank <3 & "pump" </Say><Hangup/>'
    async with fake().receiver() as api:
        result = await SENDER.send(outbound(text=text), config(api), transport)
    assert result.outcome is Outcome.DELIVERED
    root = ElementTree.fromstring(form(api.received[0])["Twiml"])
    assert [child.tag for child in root] == ["Say"]
    assert root[0].text == text


def test_a_long_text_is_cut_at_a_word_to_fit_twilios_limit() -> None:
    words = ("alarm & <pump> " * 400).strip()
    spoken = twiml(words)
    assert len(spoken) <= MAX_TWIML
    said = ElementTree.fromstring(spoken)[0].text or ""
    assert len(said) > 1000 and words.startswith(said) and said.endswith(("alarm", "&", "<pump>"))
    assert twiml("  two\n lines ") == "<Response><Say>two lines</Say></Response>"


async def test_a_call_needs_a_phone_and_something_to_say(transport: HttpTransport) -> None:
    async with fake().receiver() as api:
        no_phone = await SENDER.send(outbound(recipient={"email": "a@example.com"}), config(api), transport)
        silent = await SENDER.send(outbound(text="  ", subject=None), config(api), transport)
        subject = await SENDER.send(outbound(text=None, subject="Boiler fault"), config(api), transport)
    assert (no_phone.outcome, silent.outcome, subject.outcome) == (Outcome.FAILED, Outcome.FAILED, Outcome.DELIVERED)
    [request] = api.received
    assert form(request)["Twiml"] == "<Response><Say>Boiler fault</Say></Response>"
