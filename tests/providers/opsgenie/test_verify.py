"""Opsgenie's credential check against a local Opsgenie: counting alerts with ``GenieKey``; refusals in its words."""

from __future__ import annotations

from interlink.providers.opsgenie.manifest import MANIFEST
from interlink.providers.opsgenie.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.opsgenie.contract import BOOK, KEY, config


async def test_counting_alerts_passes_with_the_genie_key(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("alerts__count")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "Opsgenie accepted the API key")
    [request] = api.received
    assert (request.method, request.path) == ("GET", "/v2/alerts/count")
    assert request.headers["Authorization"] == f"GenieKey {KEY}"


async def test_an_unknown_key_fails_in_opsgenies_words_and_an_outage_is_unknown(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthorized"), plain(503)) as api:
        bad, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    assert (bad.status, bad.detail) == (CheckStatus.FAILING, "Opsgenie answered HTTP 401: Could not authenticate")
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"message": f"Could not authenticate with key {KEY}", "took": 0.001, "requestId": "5ba8b4d4"}
    async with FakeApi(BOOK.reply("error__unauthorized", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING and KEY not in shown.detail and "***" in shown.detail
