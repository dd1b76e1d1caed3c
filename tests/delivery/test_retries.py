"""Transient failures are retried on the schedule (test schedule 0.2, 0.4, 0.8 s); permanent ones are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.conftest import Tenant
from tests.receivers import Receiver, closed_port, create_webhook, hang, send, status, wait_status


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


async def test_two_server_errors_then_success_is_delivered_on_the_third_attempt(client, tenant: Tenant, worker) -> None:
    async with Receiver(replies=[status(500, body="db down"), status(500)]) as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert len(receiver.received) == 3
    assert done["attemptCount"] == 3
    assert done["integrationId"] == hook["id"]
    assert done["lastError"] is None
    assert done["deliveredAt"] is not None
    attempts = done["attempts"]
    assert [(a["number"], a["outcome"], a["statusCode"]) for a in attempts] == [
        (1, "retry", 500),
        (2, "retry", 500),
        (3, "delivered", 200),
    ]
    assert attempts[0]["responseExcerpt"] == "db down"
    assert attempts[0]["detail"] == "HTTP 500"
    for attempt in attempts[:2]:
        assert attempt["nextAttemptAt"] is not None
        assert _parse(attempt["nextAttemptAt"]) > _parse(attempt["at"])
    assert attempts[2]["nextAttemptAt"] is None
    # The second try waited about 0.2 s (±20 %), the third about 0.4 s.
    first_gap = receiver.received[1].at - receiver.received[0].at
    second_gap = receiver.received[2].at - receiver.received[1].at
    assert 0.15 <= first_gap < 1.5
    assert 0.3 <= second_gap < 1.5


async def test_retry_after_in_seconds_is_honoured(client, tenant: Tenant, worker) -> None:
    async with Receiver(replies=[status(429, {"Retry-After": "1"})]) as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    gap = receiver.received[1].at - receiver.received[0].at
    assert gap >= 0.95, f"retried after {gap:.2f} s although the receiver asked for 1 s"
    first = done["attempts"][0]
    assert (first["outcome"], first["statusCode"]) == ("retry", 429)
    planned = (_parse(first["nextAttemptAt"]) - _parse(first["at"])).total_seconds()
    assert 0.95 <= planned <= 1.1


async def test_retry_after_as_an_http_date_is_honoured(client, tenant: Tenant, worker) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    async with Receiver(replies=[status(503, {"Retry-After": when})]) as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    gap = receiver.received[1].at - receiver.received[0].at
    assert gap >= 0.95, f"retried after {gap:.2f} s; the date asked for at least 1 s"
    assert [a["outcome"] for a in done["attempts"]] == ["retry", "delivered"]


async def test_a_client_error_fails_at_once_when_there_is_no_other_integration(client, tenant: Tenant, worker) -> None:
    async with Receiver(default=status(400, body='{"error": "bad field"}')) as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert len(receiver.received) == 1
    assert [(a["outcome"], a["statusCode"], a["nextAttemptAt"]) for a in done["attempts"]] == [("failed", 400, None)]
    assert done["attempts"][0]["responseExcerpt"] == '{"error": "bad field"}'
    assert done["lastError"] == f"{hook['id']}: HTTP 400"
    assert done["nextAttemptAt"] is None


async def test_a_receiver_that_hangs_past_the_send_timeout_is_retried(client, tenant: Tenant, worker) -> None:
    async with Receiver(replies=[hang(2.6)]) as receiver:
        await create_webhook(client, tenant.headers, receiver.url)  # timeoutSeconds defaults to 10: capped at 2
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered", timeout=8)
    first, second = done["attempts"]
    assert (first["outcome"], first["statusCode"]) == ("retry", None)
    assert first["detail"] == "no answer within 2 s"
    assert 1900 <= first["durationMs"] < 2600
    assert second["outcome"] == "delivered"


async def test_a_shorter_integration_timeout_is_used(client, tenant: Tenant, worker) -> None:
    async with Receiver(replies=[hang(1.5)]) as receiver:
        await create_webhook(client, tenant.headers, receiver.url, properties={"timeoutSeconds": 1})
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert done["attempts"][0]["detail"] == "no answer within 1 s"


async def test_a_refused_connection_is_retried(client, tenant: Tenant, worker) -> None:
    await create_webhook(client, tenant.headers, f"http://127.0.0.1:{closed_port()}/in")
    sent = await send(client, tenant.headers)
    done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert [a["outcome"] for a in done["attempts"]] == ["retry"] * 4
    assert all(a["statusCode"] is None for a in done["attempts"])
    assert done["attempts"][0]["detail"].startswith("could not connect")
    assert "gave up after 4 attempts" in done["lastError"]


async def test_an_exhausted_schedule_fails_the_message_and_redeliver_sends_it_again(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver(default=status(503)) as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        failed = await wait_status(client, tenant.headers, sent["id"], "failed")
        assert len(receiver.received) == 4
        assert failed["attemptCount"] == 4
        assert [(a["outcome"], a["statusCode"]) for a in failed["attempts"]] == [("retry", 503)] * 4
        assert failed["attempts"][-1]["nextAttemptAt"] is None
        assert failed["lastError"] == f"gave up after 4 attempts; {hook['id']}: HTTP 503"

        listed = (await client.get("/v2/messages?status=failed", headers=tenant.headers)).json()["data"]
        assert [m["id"] for m in listed] == [sent["id"]]

        receiver.default = status(200)
        again = await client.post(f"/v2/messages/{sent['id']}/redeliver", headers=tenant.headers)
        assert again.status_code == 202, again.text
        assert again.json()["status"] == "queued"
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert len(receiver.received) == 5
    assert {r.headers["webhook-id"] for r in receiver.received} == {sent["id"]}
    assert done["attemptCount"] == 5
    assert [a["number"] for a in done["attempts"]] == [1, 2, 3, 4, 5]
    assert done["attempts"][-1]["outcome"] == "delivered"
    assert done["lastError"] is None

    conflict = await client.post(f"/v2/messages/{sent['id']}/redeliver", headers=tenant.headers)
    assert conflict.status_code == 409
    assert "delivered" in conflict.json()["detail"]


async def test_redeliver_needs_write_scope_and_the_caller_s_own_environment(client, tenant: Tenant, worker) -> None:
    async with Receiver(default=status(400)) as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "failed")
    url = f"/v2/messages/{sent['id']}/redeliver"
    assert (await client.post(url, headers=tenant.key(tenant.read_only))).status_code == 403
    assert (await client.post(url, headers=tenant.key(tenant.other_rw))).status_code == 404
    assert (await client.post("/v2/messages/msg_nope/redeliver", headers=tenant.headers)).status_code == 404
    after = (await client.get(f"/v2/messages/{sent['id']}", headers=tenant.headers)).json()
    assert after["status"] == "failed"
