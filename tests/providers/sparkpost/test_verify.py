"""SparkPost's credential check against a local SparkPost: the account read passes, a bad key fails in its words and
a key refused only that read (403, it may lack Account: Read) cannot tell."""

from __future__ import annotations

from interlink.providers.sparkpost.manifest import MANIFEST
from interlink.providers.sparkpost.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.sparkpost.contract import BOOK, KEY, config


async def test_the_account_read_passes_and_is_asked_exactly(transport: HttpTransport) -> None:
    suspended = {"results": {"customer_id": 102938, "status": "suspended"}}
    async with FakeApi(BOOK.reply("account__active"), BOOK.reply("account__active", body=suspended)) as api:
        ok, held = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    assert (ok.status, ok.detail) == (CheckStatus.OK, "SparkPost accepted the API key; the account is active")
    assert (held.status, held.detail) == (CheckStatus.FAILING, "the SparkPost account is suspended")
    assert [(r.method, r.path) for r in api.received] == [("GET", "/api/v1/account")] * 2
    assert api.received[0].headers["Authorization"] == KEY


async def test_a_bad_key_fails_a_narrow_key_and_an_outage_cannot_tell(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__forbidden"), plain(503)) as api:
        refused, narrow, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(3)]
    assert (refused.status, refused.detail) == (CheckStatus.FAILING, "SparkPost answered HTTP 401: Unauthorized.")
    assert (narrow.status, narrow.detail) == (
        CheckStatus.UNKNOWN,
        "SparkPost answered HTTP 403: Forbidden. (the key may lack Account: Read, which sending does not need)",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"errors": [{"message": "Unauthorized.", "description": f"key {KEY}"}]}
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__unauthorized", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert KEY not in results[0].detail
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert all(KEY not in r.detail for r in shown) and "***" in shown[1].detail
