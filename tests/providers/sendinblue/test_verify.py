"""Brevo's credential check against a local Brevo: the account read passes, an unknown key fails in Brevo's words."""

from __future__ import annotations

from interlink.providers.sendinblue.manifest import MANIFEST
from interlink.providers.sendinblue.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.sendinblue.contract import BOOK, KEY, config


async def test_the_account_read_passes_and_is_asked_exactly(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("account__details")) as api:
        result = await VERIFIER.verify(config(f"{api.url}/v3"), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "the API key works for MyShop")
    assert [(r.method, r.path) for r in api.received] == [("GET", "/v3/account")]
    assert api.received[0].headers["api-key"] == KEY


async def test_an_unknown_key_fails_and_an_outage_cannot_tell(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthorized"), plain(502)) as api:
        refused, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    refusal = "Brevo answered HTTP 401: unauthorized: Key not found"
    assert (refused.status, refused.detail) == (CheckStatus.FAILING, refusal)
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 502)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"code": "unauthorized", "message": f"Key not found: {KEY}"}
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__unauthorized", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert KEY not in results[0].detail
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert all(KEY not in r.detail for r in shown) and "***" in shown[1].detail
