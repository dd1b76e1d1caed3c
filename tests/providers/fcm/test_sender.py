"""FCM HTTP v1 against a local Google: token fetched with a signed JWT and cached, the send, the error mapping."""

from __future__ import annotations

from interlink.providers.fcm.sender import FcmSender
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.fcm.fake import PROJECT, FakeGoogle, documented
from tests.receivers import status


def outbound(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTFCM0000000000001",
        "channel": "push",
        "recipient": {"token": "device-token-1"},
        "subject": "Pump 3",
        "text": "Pressure is low",
        "metadata": {"site": "north", "level": 2},
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


async def test_the_token_is_fetched_once_and_the_message_is_sent(transport: HttpTransport) -> None:
    google, sender = FakeGoogle(), FcmSender()
    async with google.receiver() as api:
        config = {"serviceAccount": google.service_account(api.url), "baseUrl": api.url}
        first = await sender.send(outbound(), config, transport)
        second = await sender.send(outbound(recipient={"token": "device-token-2"}), config, transport)
    assert (first.outcome, second.outcome) == (Outcome.DELIVERED, Outcome.DELIVERED), (first.detail, google.refused)
    assert first.provider_message_id == f"projects/{PROJECT}/messages/0:1500415314455276%31bd1c9631bd1c96"
    assert len(google.issued) == 1, "the access token is cached"
    assert google.sent[0] == {
        "token": "device-token-1",
        "notification": {"title": "Pump 3", "body": "Pressure is low"},
        "data": {"messageId": "msg_01HZYTESTFCM0000000000001", "site": "north", "level": "2"},
    }
    paths = [r.path for r in api.received]
    assert paths == ["/token", f"/v1/projects/{PROJECT}/messages:send", f"/v1/projects/{PROJECT}/messages:send"]


async def test_an_unregistered_token_is_gone(transport: HttpTransport) -> None:
    google, sender = FakeGoogle(), FcmSender()
    google.gone.add("old-token")
    async with google.receiver() as api:
        config = {"serviceAccount": google.service_account(api.url), "baseUrl": api.url}
        result = await sender.send(outbound(recipient={"token": "old-token"}), config, transport)
    assert (result.outcome, result.status_code, result.gone) == (Outcome.FAILED, 404, True)
    assert result.detail == "HTTP 404: UNREGISTERED: Requested entity was not found."


async def test_retryable_permanent_and_auth_failures(transport: HttpTransport) -> None:
    google = FakeGoogle()
    async with google.receiver() as api:
        config = {"serviceAccount": google.service_account(api.url), "baseUrl": api.url}
        sender = FcmSender()
        assert (await sender.send(outbound(), config, transport)).outcome is Outcome.DELIVERED
        api.replies.extend([documented("send__quota_exceeded"), status(503), documented("send__invalid_argument")])
        quota = await sender.send(outbound(), config, transport)
        unavailable = await sender.send(outbound(), config, transport)
        invalid = await sender.send(outbound(), config, transport)
        google.issued.append("ya29.rotated")  # the cached token no longer works: 401, then a fresh one
        expired = await sender.send(outbound(), config, transport)
        fresh = await sender.send(outbound(), config, transport)
    assert (quota.outcome, quota.retry_after, quota.detail) == (
        Outcome.RETRY,
        30.0,
        "HTTP 429: QUOTA_EXCEEDED: Quota exceeded for quota metric 'Send requests'.",
    )
    assert unavailable.outcome is Outcome.RETRY
    assert (invalid.outcome, invalid.gone) == (Outcome.FAILED, False)
    assert (expired.outcome, expired.status_code) == (Outcome.RETRY, 401)
    assert fresh.outcome is Outcome.DELIVERED
    assert len(google.issued) == 3


async def test_a_refused_grant_or_bad_key_file_fails_without_echoing_the_key(transport: HttpTransport) -> None:
    google, other = FakeGoogle(), FakeGoogle()
    async with google.receiver() as api:
        wrong_key = other.service_account(api.url)  # signed with a key the token endpoint does not know
        refused = await FcmSender().send(outbound(), {"serviceAccount": wrong_key, "baseUrl": api.url}, transport)
        broken = await FcmSender().send(outbound(), {"serviceAccount": "{not json", "baseUrl": api.url}, transport)
        no_token = await FcmSender().send(
            outbound(recipient={"subscription": {}}), {"serviceAccount": wrong_key}, transport
        )
    assert refused.outcome is Outcome.FAILED
    assert (
        refused.detail
        == "the token endpoint refused the service account: HTTP 400: invalid_grant Invalid JWT Signature."
    )
    assert "PRIVATE KEY" not in refused.detail
    assert (broken.outcome, broken.detail) == (
        Outcome.FAILED,
        "the integration is misconfigured: the service account key is not JSON",
    )
    assert no_token.outcome is Outcome.FAILED
    assert [r.path for r in api.received] == ["/token"]
