"""Telnyx's credential check against a local Telnyx: ``GET /v2/balance`` with the bearer key, refusals in its words."""

from __future__ import annotations

from interlink.providers.telnyx.manifest import MANIFEST
from interlink.providers.telnyx.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, closed_port, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.telnyx.contract import BOOK, KEY, config


async def test_the_balance_read_passes_with_the_bearer_key(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("balance")) as api:
        result = await VERIFIER.verify(config(api.url + "/v2"), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "Telnyx accepted the API key (balance 300.00 USD)")
    [request] = api.received
    assert (request.method, request.path) == ("GET", "/v2/balance")
    assert request.headers["Authorization"] == f"Bearer {KEY}"


async def test_a_bad_key_fails_in_telnyxs_words_and_no_answer_is_unknown(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__authentication_failed"), plain(502)) as api:
        bad, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    assert (bad.status, bad.detail) == (
        CheckStatus.FAILING,
        "Telnyx answered HTTP 401: 10009 Authentication failed: "
        "The API key looks malformed. Check that you copied it correctly.",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 502)
    unreachable = await VERIFIER.verify(config(f"http://127.0.0.1:{closed_port()}"), transport)
    assert unreachable.status is CheckStatus.UNKNOWN and unreachable.detail.startswith("could not connect to Telnyx")


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"errors": [{"code": "10009", "title": "Authentication failed", "detail": f"Key {KEY} is not valid."}]}
    async with FakeApi(BOOK.reply("error__authentication_failed", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING and KEY not in shown.detail and "***" in shown.detail
