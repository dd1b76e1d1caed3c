"""The WhatsApp Business sender against a local Graph API: templates, and errors classified by Meta's code."""

from __future__ import annotations

from dataclasses import replace

from interlink.providers.whatsapp_business.sender import MAX_TEXT, SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.whatsapp_business.contract import BOOK, MESSAGE, PHONE_NUMBER_ID, TOKEN
from tests.receivers import Receiver, status

documented = BOOK.reply


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(api: Receiver, **overrides: object) -> dict[str, object]:
    return {"apiToken": TOKEN, "phoneNumberIdentification": PHONE_NUMBER_ID, "baseUrl": api.url, **overrides}


async def test_a_named_template_is_sent_with_the_payloads_parameters(transport: HttpTransport) -> None:
    message = outbound(data={"payload": {"templateParameters": ["Pump 3", 42]}})
    async with Receiver(replies=[documented("messages__sent")]) as api:
        result = await SENDER.send(message, config(api, templateName="pump_alert", templateLanguage="de"), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert result.provider_message_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA"
    assert api.received[0].json() == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "16505551234",
        "type": "template",
        "template": {
            "name": "pump_alert",
            "language": {"code": "de"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "Pump 3"}, {"type": "text", "text": "42"}]}
            ],
        },
    }


async def test_the_subject_is_bold_above_the_text_and_long_text_is_cut(transport: HttpTransport) -> None:
    async with Receiver(replies=[documented("messages__sent")] * 2) as api:
        await SENDER.send(outbound(subject="Pump 3", recipient={"phone": "+1 (650) 555-1234"}), config(api), transport)
        await SENDER.send(outbound(text="y" * 9000), config(api), transport)
    first, long = (r.json() for r in api.received)
    assert (first["to"], first["text"]["body"]) == ("16505551234", "*Pump 3*\nPump 3 stopped")
    assert len(long["text"]["body"]) == MAX_TEXT and long["text"]["body"].endswith("…")


async def test_a_message_naming_no_phone_goes_to_the_integrations_default(transport: HttpTransport) -> None:
    async with Receiver(replies=[documented("messages__sent")]) as api:
        result = await SENDER.send(outbound(recipient={}), config(api, to="+44 7700 900123"), transport)
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert api.received[0].json()["to"] == "447700900123"


async def test_throttling_codes_are_retried_whatever_the_status(transport: HttpTransport) -> None:
    replies = [documented("error__rate_limit_hit"), documented("error__too_many_calls"), status(502, body="<html>")]
    async with Receiver(replies=replies) as api:
        hit, calls, gateway = [await SENDER.send(outbound(), config(api), transport) for _ in range(3)]
    assert (hit.outcome, hit.status_code, hit.retry_after) == (Outcome.RETRY, 400, None)
    assert hit.detail == (
        "HTTP 400: WhatsApp error 130429: (#130429) Rate limit hit (Message failed to send because there were "
        "too many messages sent from this phone number in a short period of time)"
    )
    assert (calls.outcome, calls.status_code) == (Outcome.RETRY, 429)
    assert (gateway.outcome, gateway.detail) == (Outcome.RETRY, "HTTP 502")


async def test_refusals_fail_with_metas_words_and_no_token(transport: HttpTransport) -> None:
    replies = [
        documented("error__access_token_expired"),
        documented("error__invalid_parameter"),
        status(200, {"Content-Type": "application/json"}, '{"messaging_product": "whatsapp", "messages": []}'),
    ]
    async with Receiver(replies=replies) as api:
        expired, invalid, no_id = [await SENDER.send(outbound(), config(api), transport) for _ in range(3)]
    assert (expired.outcome, expired.status_code) == (Outcome.FAILED, 401)
    assert expired.detail.startswith("HTTP 401: WhatsApp error 190: Error validating access token")
    assert (invalid.outcome, invalid.detail) == (
        Outcome.FAILED,
        "HTTP 400: WhatsApp error 100: (#100) Invalid parameter (Parameter 'to' is not a valid phone number)",
    )
    assert (no_id.outcome, no_id.detail) == (Outcome.FAILED, "HTTP 200"), "a 2xx without a message id is no delivery"
    assert all(TOKEN not in r.detail for r in (expired, invalid, no_id))


async def test_what_no_retry_can_fix_fails_without_a_request(transport: HttpTransport) -> None:
    async with Receiver() as api:
        results = [
            await SENDER.send(outbound(), config(api, apiToken=""), transport),
            await SENDER.send(outbound(), config(api, phoneNumberIdentification=""), transport),
            await SENDER.send(outbound(), config(api, phoneNumberIdentification="+16505550000"), transport),
            await SENDER.send(outbound(recipient={}), config(api), transport),
            await SENDER.send(outbound(recipient={"phone": "call me"}), config(api), transport),
            await SENDER.send(outbound(text=None), config(api), transport),
            await SENDER.send(
                outbound(data={"payload": {"templateParameters": "Pump 3"}}), config(api, templateName="t"), transport
            ),
        ]
    assert api.received == []
    assert [r.outcome for r in results] == [Outcome.FAILED] * len(results)
    assert "numeric ID" in results[2].detail and "E.164" in results[4].detail
