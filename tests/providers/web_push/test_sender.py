"""Web Push against a local push service that decrypts with the browser's key and checks the VAPID JWT."""

from __future__ import annotations

from interlink.providers.web_push.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.web_push.contract import BOOK
from tests.providers.web_push.fake import Browser, FakePushService, VapidPair
from tests.receivers import Receiver, status


def outbound(subscription: dict, **overrides: object) -> OutboundMessage:
    fields: dict[str, object] = {
        "id": "msg_01HZYTESTWEBPUSH000000001",
        "channel": "push",
        "recipient": {"subscription": subscription},
        "subject": "Pump 3",
        "text": "Pressure is low",
        "metadata": {"site": "north"},
    }
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


def config(vapid: VapidPair, **overrides: object) -> dict[str, object]:
    return {
        "vapidPublicKey": vapid.public,
        "vapidPrivateKey": vapid.private,
        "subject": "mailto:ops@example.com",
        **overrides,
    }


async def test_the_payload_decrypts_with_the_browsers_key_and_the_jwt_verifies(transport: HttpTransport) -> None:
    vapid, browser = VapidPair(), Browser()
    fake = FakePushService(vapid.public, browser)
    async with fake.receiver() as push:
        sub = browser.subscription(f"{push.url}/wpush/v2/abc")
        result = await SENDER.send(outbound(sub), config(vapid, urgency="high", ttl=60), transport)
    assert result.outcome is Outcome.DELIVERED, (result.detail, fake.refused)
    assert (result.status_code, result.provider_message_id) == (201, "/wpush/v2/abc/messages/m-1")
    assert fake.payloads == [
        {"title": "Pump 3", "body": "Pressure is low", "id": "msg_01HZYTESTWEBPUSH000000001", "data": {"site": "north"}}
    ]
    [claims] = fake.claims
    assert claims["aud"] == push.url and claims["sub"] == "mailto:ops@example.com"
    [request] = push.received
    assert (request.headers["TTL"], request.headers["Urgency"]) == ("60", "high")
    assert vapid.private not in str(request.headers)


async def test_a_gone_subscription_fails_and_is_marked_gone(transport: HttpTransport) -> None:
    vapid, browser = VapidPair(), Browser()
    async with FakePushService(vapid.public, browser, gone={"/wpush/v2/old"}).receiver() as push:
        result = await SENDER.send(outbound(browser.subscription(f"{push.url}/wpush/v2/old")), config(vapid), transport)
    assert (result.outcome, result.status_code, result.gone) == (Outcome.FAILED, 410, True)
    async with Receiver(default=BOOK.reply("push__gone")) as push:
        result = await SENDER.send(outbound(browser.subscription(f"{push.url}/x")), config(vapid), transport)
    assert (result.outcome, result.gone) == (Outcome.FAILED, True)


async def test_retryable_and_permanent_answers(transport: HttpTransport) -> None:
    vapid, browser = VapidPair(), Browser()
    cases = [
        (status(429, {"Retry-After": "7"}), Outcome.RETRY, 7.0),
        (status(503), Outcome.RETRY, None),
        (status(413), Outcome.FAILED, None),
        (status(400), Outcome.FAILED, None),
    ]
    for reply, outcome, wait in cases:
        async with Receiver(default=reply) as push:
            result = await SENDER.send(outbound(browser.subscription(f"{push.url}/s")), config(vapid), transport)
        assert (result.outcome, result.retry_after, result.gone) == (outcome, wait, False)


async def test_bad_keys_and_recipients_fail_without_a_request(transport: HttpTransport) -> None:
    vapid, browser = VapidPair(), Browser()
    async with Receiver() as push:
        sub = browser.subscription(f"{push.url}/s")
        broken = {**sub, "keys": {"p256dh": "AAAA", "auth": sub["keys"]["auth"]}}
        results = [
            await SENDER.send(outbound(broken), config(vapid), transport),
            await SENDER.send(outbound(sub), config(vapid, vapidPrivateKey="short"), transport),
            await SENDER.send(outbound({"keys": {}}), config(vapid), transport),
            await SENDER.send(outbound(sub, text="x" * 5000), config(vapid), transport),
        ]
    assert [r.outcome for r in results] == [Outcome.FAILED] * 4
    assert push.received == []
    assert all(vapid.private not in r.detail for r in results)
