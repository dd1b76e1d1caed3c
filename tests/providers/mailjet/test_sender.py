"""Mailjet: the recipient's MessageID is kept, errors read in Mailjet's words, a 200 whose message failed fails."""

from __future__ import annotations

from dataclasses import replace

from interlink.providers.mailjet.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import Outcome
from interlink.sdk.testing import FakeApi
from tests.providers.mailjet.contract import BOOK, MESSAGE, config

NO_CONTENT = 'send-0003 At least "HTMLPart", "TextPart" or "TemplateID" must be provided.'


async def test_the_message_id_is_kept_and_a_refusal_reads_its_error(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("send__success"), BOOK.reply("error__no_content")) as api:
        ok = await SENDER.send(MESSAGE, config(api.url), transport)
        refused = await SENDER.send(MESSAGE, config(api.url), transport)
    assert (ok.outcome, ok.provider_message_id) == (Outcome.DELIVERED, "70650219165027410")
    assert (refused.outcome, refused.detail) == (Outcome.FAILED, f"HTTP 400: {NO_CONTENT}")


async def test_a_200_reporting_an_errored_message_fails(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("send__mixed")) as api:
        result = await SENDER.send(MESSAGE, config(api.url), transport)
    assert (result.outcome, result.detail) == (Outcome.FAILED, f"HTTP 200: {NO_CONTENT}")


async def test_a_global_error_and_a_rate_limit_read_their_words(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__malformed_json"), BOOK.reply("error__too_many_requests")) as api:
        refused = await SENDER.send(MESSAGE, config(api.url), transport)
        later = await SENDER.send(MESSAGE, config(api.url), transport)
    malformed = "mj-0002 Malformed JSON, please review the syntax and properties types."
    assert (refused.outcome, refused.detail) == (Outcome.FAILED, f"HTTP 400: {malformed}")
    assert (later.outcome, later.detail, later.retry_after) == (Outcome.RETRY, "HTTP 429: Too many requests", None)


async def test_nothing_is_sent_without_content_or_the_secret_key(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("send__success")) as api:
        empty = await SENDER.send(replace(MESSAGE, text=None, html=None), config(api.url), transport)
        keyless = await SENDER.send(MESSAGE, {**config(api.url), "secretKey": ""}, transport)
    assert (empty.outcome, empty.detail) == (Outcome.FAILED, "the message has no text or HTML to send")
    assert keyless.outcome is Outcome.FAILED and "secret key" in (keyless.detail or "")
    assert api.received == []
