"""MailerSend's credential check against a local MailerSend: the quota read passes, a bad token fails in its words."""

from __future__ import annotations

from interlink.providers.mailersend.manifest import MANIFEST
from interlink.providers.mailersend.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.mailersend.contract import BOOK, KEY, config


async def test_the_quota_read_passes_and_is_asked_exactly(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("api_quota")) as api:
        result = await VERIFIER.verify(config(f"{api.url}/v1/"), transport)
    assert (result.status, result.detail) == (
        CheckStatus.OK,
        "MailerSend accepted the API token (752 API requests left in the quota)",
    )
    assert [(r.method, r.path) for r in api.received] == [("GET", "/v1/api-quota")]
    assert api.received[0].headers["Authorization"] == f"Bearer {KEY}"


async def test_a_bad_token_fails_and_an_outage_cannot_tell(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__unauthenticated"), plain(503)) as api:
        refused, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    assert (refused.status, refused.detail) == (CheckStatus.FAILING, "MailerSend answered HTTP 401: Unauthenticated.")
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"message": f"Unauthenticated: {KEY}"}
    async with FakeApi(BOOK.reply("error__unauthenticated"), BOOK.reply("error__unauthenticated", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert KEY not in results[0].detail
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert all(KEY not in r.detail for r in shown) and "***" in shown[1].detail
