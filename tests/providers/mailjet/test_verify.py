"""Mailjet's credential check against a local Mailjet: a sender read with Basic auth; a bad pair fails in its words."""

from __future__ import annotations

from interlink.providers.mailjet.manifest import MANIFEST
from interlink.providers.mailjet.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk import basic_auth
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.mailjet.contract import API_KEY, BOOK, SECRET_KEY, config

REFUSED = (
    "Mailjet answered HTTP 401: API key authentication/authorization failure. You may be unauthorized to access the "
    "API or your API key may be expired. Visit API keys management section to check your keys."
)


async def test_one_sender_read_with_the_key_pair_passes(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("sender__listed")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "Mailjet accepted the API key and secret key")
    assert [(r.method, r.path) for r in api.received] == [("GET", "/v3/REST/sender?Limit=1")]
    assert api.received[0].headers["Authorization"] == basic_auth(API_KEY, SECRET_KEY)


async def test_a_wrong_pair_fails_an_outage_cannot_tell_a_missing_secret_is_not_sent(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthorized"), plain(401), plain(500)) as api:
        refused, bare, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(3)]
        keyless = await VERIFIER.verify({**config(api.url), "secretKey": ""}, transport)
    assert (refused.status, refused.detail) == (CheckStatus.FAILING, REFUSED)
    assert (bare.status, bare.detail) == (CheckStatus.FAILING, "Mailjet answered HTTP 401")
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 500)
    assert (keyless.status, keyless.detail) == (CheckStatus.FAILING, "the API key and secret key are required")
    assert len(api.received) == 3


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"StatusCode": 401, "ErrorMessage": f"API key {API_KEY} with secret {SECRET_KEY} was refused."}
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__unauthorized", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert not any(s in results[0].detail for s in (API_KEY, SECRET_KEY))
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert not any(s in r.detail for r in shown for s in (API_KEY, SECRET_KEY))
