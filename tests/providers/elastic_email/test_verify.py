"""Elastic Email's credential check against a local Elastic Email: the domains read passes, a bad key fails in its
words and a key refused only that read (403, it may lack ViewSettings) cannot tell."""

from __future__ import annotations

from interlink.providers.elastic_email.manifest import MANIFEST
from interlink.providers.elastic_email.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.elastic_email.contract import API_KEY, BOOK, config


async def test_the_domains_read_passes_and_is_asked_exactly(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("domains__listed")) as api:
        result = await VERIFIER.verify(config(f"{api.url}/v4"), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "Elastic Email accepted the API key")
    assert [(r.method, r.path) for r in api.received] == [("GET", "/v4/domains")]
    assert api.received[0].headers["X-ElasticEmail-ApiKey"] == API_KEY


async def test_a_bad_key_fails_a_narrow_key_and_an_outage_cannot_tell(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__forbidden"), plain(500)) as api:
        refused, narrow, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(3)]
    assert (refused.status, refused.detail) == (
        CheckStatus.FAILING,
        "Elastic Email answered HTTP 401: Access denied. Invalid API key.",
    )
    assert (narrow.status, narrow.detail) == (
        CheckStatus.UNKNOWN,
        "Elastic Email answered HTTP 403: This API key does not have access to SendHttp. "
        "(the key may lack ViewSettings, which sending does not need)",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 500)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"Error": f"Access denied. Invalid API key {API_KEY}."}
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__unauthorized", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert API_KEY not in results[0].detail
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert all(API_KEY not in r.detail for r in shown) and "***" in shown[1].detail
