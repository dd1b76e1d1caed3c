"""SparkPost: the message id from ``results.id``; a 200 accepting no recipient is checked by the contract's case."""

from __future__ import annotations

from interlink.providers.sparkpost.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import Outcome
from interlink.sdk.testing import FakeApi
from tests.providers.sparkpost.contract import BOOK, MESSAGE, config


async def test_the_transmission_id_is_kept_and_an_unverified_domain_fails(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("transmission__accepted"), BOOK.reply("error__unverified_domain")) as api:
        ok = await SENDER.send(MESSAGE, config(api.url), transport)
        refused = await SENDER.send(MESSAGE, config(api.url), transport)
    assert (ok.outcome, ok.provider_message_id) == (Outcome.DELIVERED, "11668787484950529")
    assert (refused.outcome, refused.detail) == (
        Outcome.FAILED,
        "HTTP 400: 7001 Invalid domain: Unconfigured or unverified sending domain.",
    )
