"""WhatsApp's credential check against a local Graph API: the sending number's node; a dead token fails."""

from __future__ import annotations

from interlink.providers.whatsapp_business.manifest import MANIFEST
from interlink.providers.whatsapp_business.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.whatsapp_business.contract import BOOK, PHONE_NUMBER_ID, TOKEN, config


async def test_reading_the_phone_number_passes_with_the_token(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("phone_number")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (
        CheckStatus.OK,
        "WhatsApp accepted the token for +1 650-555-1111 (Lucky Shrub)",
    )
    [request] = api.received
    assert (request.method, request.path) == ("GET", f"/{PHONE_NUMBER_ID}?fields=display_phone_number,verified_name")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"


async def test_an_expired_token_fails_and_an_unreadable_number_is_unknown(transport: HttpTransport) -> None:
    replies = (BOOK.reply("error__access_token_expired"), BOOK.reply("error__unsupported_get"), plain(503))
    async with FakeApi(*replies) as api:
        expired, unreadable, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(3)]
    assert expired.status is CheckStatus.FAILING
    assert expired.detail.startswith("WhatsApp answered HTTP 401: error 190: Error validating access token")
    assert unreadable.status is CheckStatus.UNKNOWN
    assert unreadable.detail.startswith("Meta accepted the token but would not show the phone number: error 100:")
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)
    wrong = await VERIFIER.verify({**config(api.url), "phoneNumberIdentification": "+16505551111"}, transport)
    assert wrong.status is CheckStatus.FAILING and len(api.received) == 3


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"error": {"message": f"Malformed access token {TOKEN}", "type": "OAuthException", "code": 190}}
    async with FakeApi(BOOK.reply("error__access_token_expired", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING and TOKEN not in shown.detail and "***" in shown.detail
