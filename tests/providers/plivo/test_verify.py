"""Plivo's credential check against a local Plivo: the account read with Basic auth, refusals in Plivo's words."""

from __future__ import annotations

import base64

from interlink.providers.plivo.manifest import MANIFEST
from interlink.providers.plivo.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.plivo.contract import AUTH_ID, BOOK, TOKEN, config


async def test_the_account_read_passes_with_basic_auth(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("account__details")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "Plivo accepted the credentials (Bruce Wayne)")
    [request] = api.received
    assert (request.method, request.path, request.body) == ("GET", f"/v1/Account/{AUTH_ID}/", b"")
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{AUTH_ID}:{TOKEN}".encode()).decode()


async def test_bad_credentials_fail_in_plivos_words_and_an_outage_is_unknown(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__authentication_failed"), plain(503)) as api:
        bad, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    assert (bad.status, bad.detail) == (CheckStatus.FAILING, "Plivo answered HTTP 401: Authentication failed")
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)
    missing = await VERIFIER.verify({**config(api.url), "token": ""}, transport)
    assert missing.status is CheckStatus.FAILING and len(api.received) == 2


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"api_id": "6a3d4e5c", "error": f"Authentication failed for {AUTH_ID}:{TOKEN}"}
    async with FakeApi(BOOK.reply("error__authentication_failed", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING
    assert TOKEN not in shown.detail and "***" in shown.detail
