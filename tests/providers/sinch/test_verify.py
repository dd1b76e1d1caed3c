"""Sinch's credential check against a local Sinch: one batch of the plan with the bearer token; refusals as said."""

from __future__ import annotations

from interlink.providers.sinch.manifest import MANIFEST
from interlink.providers.sinch.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.sinch.contract import BOOK, PLAN, TOKEN, config


async def test_listing_one_batch_passes_with_the_bearer_token(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("batches__listed")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "Sinch accepted the API token for the service plan")
    [request] = api.received
    assert (request.method, request.path) == ("GET", f"/xms/v1/{PLAN}/batches?page_size=1")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"


async def test_a_bad_token_or_a_blocked_account_fails_and_an_outage_is_unknown(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthorized"), BOOK.reply("error__blocked_account"), plain(503)) as api:
        bad, blocked, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(3)]
    assert (bad.status, bad.detail) == (CheckStatus.FAILING, "Sinch answered HTTP 401")
    assert (blocked.status, blocked.detail) == (
        CheckStatus.FAILING,
        "Sinch answered HTTP 403: blocked_account: Your account has been blocked.",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"code": "unauthorized", "text": f"Token {TOKEN} is not valid for this plan"}
    async with FakeApi(BOOK.reply("error__blocked_account", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING and TOKEN not in shown.detail and "***" in shown.detail
