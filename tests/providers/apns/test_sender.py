"""APNs over real HTTP/2 and TLS against a local server: the provider token, the request, gone tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interlink.providers.apns.sender import ApnsSender, origin_of
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.apns.fake import BUNDLE, KEY_ID, TEAM_ID, FakeApns, auth_key

DEVICE = "a" * 64


@pytest.fixture
def sender() -> ApnsSender:
    return ApnsSender()


@pytest.fixture
async def apns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sender: ApnsSender
) -> AsyncIterator[tuple[FakeApns, str]]:
    pem, public = auth_key()
    server = await FakeApns(public).start(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "apns-cert.pem"))  # trust the test's certificate
    try:
        yield server, pem
    finally:
        await server.stop(sender)


def outbound(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTAPNS000000000001",
        "channel": "push",
        "recipient": {"token": DEVICE},
        "subject": "Pump 3",
        "text": "Pressure is low",
        "metadata": {"site": "north"},
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


def config(server: FakeApns, pem: str, **overrides: object) -> dict[str, object]:
    return {
        "keyId": KEY_ID,
        "teamId": TEAM_ID,
        "bundleId": BUNDLE,
        "privateKey": pem,
        "baseUrl": server.url,
        **overrides,
    }


async def test_a_push_goes_over_http2_with_one_reused_provider_token(
    apns, sender: ApnsSender, transport: HttpTransport
) -> None:
    server, pem = apns
    first = await sender.send(outbound(), config(server, pem), transport)
    second = await sender.send(outbound(), config(server, pem), transport)
    assert (first.outcome, second.outcome) == (Outcome.DELIVERED, Outcome.DELIVERED), first.detail
    assert first.provider_message_id == "00000000-0000-4000-8000-000000000001"
    assert len(set(server.tokens_seen)) == 1, "the provider token is reused"
    pushed = server.received[0]
    assert (pushed.http_version, pushed.path) == ("2", f"/3/device/{DEVICE}")
    assert (pushed.headers["apns-topic"], pushed.headers["apns-push-type"], pushed.headers["apns-priority"]) == (
        BUNDLE,
        "alert",
        "10",
    )
    assert pushed.body == {
        "site": "north",
        "aps": {"alert": {"title": "Pump 3", "body": "Pressure is low"}, "sound": "default"},
    }


async def test_a_cookie_the_origin_sets_never_rides_on_a_later_push(
    apns, sender: ApnsSender, transport: HttpTransport
) -> None:
    server, pem = apns
    server.cookie = b"session=tenant-a; Path=/"
    first = await sender.send(outbound(), config(server, pem), transport)
    second = await sender.send(outbound(), config(server, pem), transport)

    assert (first.outcome, second.outcome) == (Outcome.DELIVERED, Outcome.DELIVERED), first.detail
    assert [pushed.headers.get("cookie") for pushed in server.received] == [None, None]


async def test_an_unregistered_token_is_gone_and_a_wrong_key_fails(
    apns, sender: ApnsSender, transport: HttpTransport
) -> None:
    server, pem = apns
    server.gone.add("b" * 64)
    gone = await sender.send(outbound(recipient={"token": "b" * 64}), config(server, pem), transport)
    assert (gone.outcome, gone.status_code, gone.gone, gone.detail) == (
        Outcome.FAILED,
        410,
        True,
        "APNs 410 Unregistered",
    )
    other_pem, _ = auth_key()
    wrong = await sender.send(outbound(), config(server, other_pem), transport)
    assert (wrong.outcome, wrong.detail, wrong.gone) == (Outcome.FAILED, "APNs 403 InvalidProviderToken", False)
    topic = await sender.send(outbound(), config(server, pem, bundleId="com.other"), transport)
    assert (topic.outcome, topic.detail) == (Outcome.FAILED, "APNs 400 BadTopic")


async def test_bad_input_fails_without_a_request(apns, sender: ApnsSender, transport: HttpTransport) -> None:
    server, pem = apns
    results = [
        await sender.send(outbound(recipient={"token": "not hex"}), config(server, pem), transport),
        await sender.send(outbound(), config(server, "not a key"), transport),
        await sender.send(outbound(), config(server, pem, bundleId=""), transport),
        await sender.send(outbound(text="x" * 5000), config(server, pem), transport),
    ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 4
    assert server.received == []
    assert all("PRIVATE KEY" not in r.detail for r in results)


def test_production_and_sandbox_hosts() -> None:
    assert origin_of({"production": True}) == "https://api.push.apple.com"
    assert origin_of({"production": False}) == "https://api.sandbox.push.apple.com"
    assert origin_of({}) == "https://api.sandbox.push.apple.com"
