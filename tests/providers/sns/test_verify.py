"""SNS's credential check against a local SNS that checks the SigV4 signature: sandbox status, refusals in its words."""

from __future__ import annotations

from urllib.parse import parse_qsl

from aiohttp import web

from interlink.providers.sns.manifest import MANIFEST
from interlink.providers.sns.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, Reply, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.sns.contract import config
from tests.providers.sns.fake import ACCESS_KEY, BOOK, SECRET_KEY, signature_problem


def signed(then: Reply) -> Reply:
    """Refuse a request whose signature does not hold as SNS does, else answer ``then``."""

    async def reply(request: web.Request, seen: object) -> web.StreamResponse:
        if signature_problem(request, seen):  # type: ignore[arg-type]
            return await BOOK.reply("error__invalid_client_token_id")(request, seen)
        return await then(request, seen)

    return reply


async def test_a_signed_sandbox_status_read_passes(transport: HttpTransport) -> None:
    async with FakeApi(signed(BOOK.reply("sandbox_status__in_sandbox"))) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (
        CheckStatus.OK,
        "SNS accepted the credentials (in the SMS sandbox: only verified numbers)",
    )
    [request] = api.received
    assert (request.method, request.path) == ("POST", "/")
    assert parse_qsl(request.body.decode()) == [("Action", "GetSMSSandboxAccountStatus"), ("Version", "2010-03-31")]
    assert request.headers["Authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")


async def test_a_key_that_may_only_publish_still_passes(transport: HttpTransport) -> None:
    async with FakeApi(signed(BOOK.reply("error__authorization_error"))) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert result.status is CheckStatus.OK
    assert result.detail.startswith("SNS accepted the credentials (they may not read the SMS sandbox status: User:")


async def test_an_unknown_access_key_fails_in_aws_words_and_an_outage_is_unknown(transport: HttpTransport) -> None:
    async with FakeApi(signed(BOOK.reply("sandbox_status__in_sandbox")), plain(503)) as api:
        bad = await VERIFIER.verify({**config(api.url), "apiKey": "AKIAI44QH8DHBEXAMPLE"}, transport)
        down = await VERIFIER.verify(config(api.url), transport)
    assert (bad.status, bad.detail) == (
        CheckStatus.FAILING,
        "SNS answered HTTP 403: InvalidClientTokenId: The security token included in the request is invalid.",
    )
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)
    no_region = await VERIFIER.verify({**config(api.url), "region": ""}, transport)
    assert no_region.status is CheckStatus.FAILING and len(api.received) == 2


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = (
        '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>'
        f"<Code>InvalidClientTokenId</Code><Message>Key {ACCESS_KEY} with secret {SECRET_KEY} is invalid"
        "</Message></Error></ErrorResponse>"
    )
    async with FakeApi(BOOK.reply("error__invalid_client_token_id", body=echoed)) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    shown = scrubbed(result, MANIFEST, config(api.url))
    assert shown.status is CheckStatus.FAILING
    assert ACCESS_KEY not in shown.detail and SECRET_KEY not in shown.detail and "***" in shown.detail
