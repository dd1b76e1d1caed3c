"""MailerSend: a 202 whose every recipient was suppressed sent nothing; a bad token fails with MailerSend's words."""

from __future__ import annotations

from interlink.providers.mailersend.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import Outcome
from interlink.sdk.testing import FakeApi
from tests.providers.mailersend.contract import BOOK, MESSAGE, config


async def test_all_suppressed_fails_and_a_bad_token_fails(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("email__all_suppressed"), BOOK.reply("error__unauthenticated")) as api:
        suppressed = await SENDER.send(MESSAGE, config(api.url), transport)
        refused = await SENDER.send(MESSAGE, config(api.url), transport)
    assert (suppressed.outcome, suppressed.detail) == (
        Outcome.FAILED,
        "HTTP 202: All of the recipients provided have been suppressed.",
    )
    assert (refused.outcome, refused.detail) == (Outcome.FAILED, "HTTP 401: Unauthenticated.")


async def test_an_accepted_email_keeps_the_message_id(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("email__accepted")) as api:
        result = await SENDER.send(MESSAGE, config(api.url), transport)
    assert (result.outcome, result.provider_message_id) == (Outcome.DELIVERED, "5e42957d51f1d94a1070a733")
