"""MessageBird's credential check against a local MessageBird: ``GET /balance``, refusals in MessageBird's words."""

from __future__ import annotations

from interlink.providers.messagebird.manifest import MANIFEST
from interlink.providers.messagebird.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.messagebird.contract import BOOK, KEY, config


async def test_the_balance_read_passes_with_the_access_key(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("balance")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (
        CheckStatus.OK,
        "MessageBird accepted the access key (prepaid balance 9.2 credits)",
    )
    [request] = api.received
    assert (request.method, request.path) == ("GET", "/balance")
    assert request.headers["Authorization"] == f"AccessKey {KEY}"


async def test_a_wrong_key_fails_in_messagebirds_words_and_an_outage_is_unknown(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__incorrect_access_key"), plain(500)) as api:
        bad, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    assert (bad.status, bad.detail) == (
        CheckStatus.FAILING,
        "MessageBird answered HTTP 401: 2: Request not allowed (incorrect access_key)",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 500)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"errors": [{"code": 2, "description": f"Request not allowed (incorrect access_key {KEY})"}]}
    async with FakeApi(BOOK.reply("error__incorrect_access_key", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING and KEY not in shown.detail and "***" in shown.detail
