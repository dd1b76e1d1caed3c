"""Resend's credential check against a local Resend: full and sending-only keys pass, a bad key fails in its words."""

from __future__ import annotations

from interlink.providers.resend.manifest import MANIFEST
from interlink.providers.resend.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.resend.contract import BOOK, KEY, config


async def test_a_full_key_and_a_sending_only_key_both_pass(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("domains__listed"), BOOK.reply("error__restricted_api_key")) as api:
        full = await VERIFIER.verify(config(api.url), transport)
        sending = await VERIFIER.verify(config(api.url), transport)
    assert (full.status, full.detail) == (CheckStatus.OK, "the API key has full access")
    assert (sending.status, sending.detail) == (CheckStatus.OK, "the API key is valid and restricted to sending emails")
    assert [(r.method, r.path) for r in api.received] == [("GET", "/domains")] * 2
    assert api.received[0].headers["Authorization"] == f"Bearer {KEY}"


async def test_an_invalid_or_deleted_key_fails_in_resends_words(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__invalid_api_key"), BOOK.reply("error__deleted_api_key"), plain(503)) as api:
        invalid, deleted, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(3)]
    assert (invalid.status, invalid.detail) == (
        CheckStatus.FAILING,
        "Resend answered HTTP 403: invalid_api_key: API key is invalid.",
    )
    assert (deleted.status, deleted.detail) == (
        CheckStatus.FAILING,
        "Resend answered HTTP 400: validation_error: API key is invalid",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"statusCode": 403, "message": f"API key {KEY} is invalid.", "name": "invalid_api_key"}
    async with FakeApi(BOOK.reply("error__invalid_api_key"), BOOK.reply("error__invalid_api_key", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert KEY not in results[0].detail
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert all(KEY not in r.detail for r in shown) and "***" in shown[1].detail
