"""OneSignal's credential check against a local OneSignal: one message read with the App API key passes, a wrong
key fails in OneSignal's words."""

from __future__ import annotations

from interlink.providers.onesignal.manifest import MANIFEST
from interlink.providers.onesignal.verify import VERIFIER
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from interlink.sdk.testing import FakeApi, plain
from interlink.services.credential_checks import scrubbed
from tests.providers.onesignal.contract import APP, BOOK, KEY, config

DENIED = (
    "OneSignal answered HTTP 403: Access denied.  Please include an 'Authorization: ...' header with a valid API key "
    "(https://documentation.onesignal.com/docs/en/keys-and-ids#api-keys)."
)


async def test_one_message_read_for_the_app_passes(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("notifications__listed")) as api:
        result = await VERIFIER.verify(config(api.url), transport)
    assert (result.status, result.detail) == (CheckStatus.OK, "OneSignal accepted the App API key for the app")
    assert [(r.method, r.path) for r in api.received] == [("GET", f"/notifications?app_id={APP}&limit=1")]
    assert api.received[0].headers["Authorization"] == f"Key {KEY}"


async def test_a_wrong_key_fails_an_outage_cannot_tell_no_app_id_is_not_sent(transport: HttpTransport) -> None:
    async with FakeApi(BOOK.reply("error__invalid_api_key"), plain(503)) as api:
        refused, down = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
        appless = await VERIFIER.verify({**config(api.url), "applicationId": ""}, transport)
    assert (refused.status, refused.detail) == (CheckStatus.FAILING, DENIED)
    assert (down.status, down.status_code) == (CheckStatus.UNKNOWN, 503)
    assert (appless.status, appless.detail) == (CheckStatus.FAILING, "the app ID and App API key are required")
    assert len(api.received) == 2


async def test_no_secret_reaches_the_verdict(transport: HttpTransport) -> None:
    echoed = {"errors": [f"Access denied for key {KEY}."]}
    async with FakeApi(BOOK.reply("error__invalid_api_key"), BOOK.reply("error__invalid_api_key", body=echoed)) as api:
        results = [await VERIFIER.verify(config(api.url), transport) for _ in range(2)]
    shown = [scrubbed(r, MANIFEST, config(api.url)) for r in results]
    assert KEY not in results[0].detail
    assert [r.status for r in shown] == [CheckStatus.FAILING] * 2
    assert all(KEY not in r.detail for r in shown) and "***" in shown[1].detail
