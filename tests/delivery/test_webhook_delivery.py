"""What a webhook receiver sees: signatures it can verify, credentials it can check, stable ids, no redirects."""

from __future__ import annotations

import asyncio
import base64

import aiohttp
import pytest
from standardwebhooks import Webhook

from interlink.providers.webhook.sender import WebhookSender
from interlink.queue.transport import GuardedResolver, HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from interlink.sdk.signing import new_secret
from tests.conftest import Tenant
from tests.receivers import DigestGuard, Receiver, basic, create_webhook, send, status, wait_status


async def test_the_body_is_signed_per_standard_webhooks_and_carries_the_message(client, tenant: Tenant, worker) -> None:
    secret = new_secret()
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url + "/in", credentials={"signingSecret": secret})
        sent = await send(client, tenant.headers, subject="Paid", text="Order 42 was paid", metadata={"shop": "north"})
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    assert request.method == "POST"
    assert request.path == "/in"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["webhook-id"] == sent["id"]
    body = Webhook(secret).verify(request.body, request.headers)
    assert body["type"] == "order.paid"
    assert body["data"] == {"order": 42}
    assert body["content"] == {"subject": "Paid", "text": "Order 42 was paid"}
    assert body["metadata"] == {"shop": "north"}
    with pytest.raises(Exception, match=r"[Ss]ignature"):
        Webhook(new_secret()).verify(request.body, request.headers)


async def test_large_and_tiny_floats_in_a_payload_arrive_as_the_same_numbers(client, tenant: Tenant, worker) -> None:
    payload = {"avogadro": 6.02214076e23, "huge": 1e300, "tiny": 1e-300, "big": 1.5e20, "count": 2**63}
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers, payload=payload)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    data = request.json()["data"]
    assert data == payload
    assert [type(data[k]) for k in payload] == [float, float, float, float, int]


async def test_a_rotation_sends_one_signature_per_secret_and_each_verifies(client, tenant: Tenant, worker) -> None:
    old, new = new_secret(), new_secret()
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url, credentials={"signingSecret": f"{old} {new}"})
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    signatures = request.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2 and all(s.startswith("v1,") for s in signatures)
    assert Webhook(old).verify(request.body, request.headers)["data"] == {"order": 42}
    assert Webhook(new).verify(request.body, request.headers)["data"] == {"order": 42}


async def test_without_a_signing_secret_no_signature_header_is_sent(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        hook = await create_webhook(client, tenant.headers, receiver.url)
        removed = await client.put(
            f"/v2/integrations/{hook['id']}", headers=tenant.headers, json={"credentials": {"signingSecret": None}}
        )
        assert removed.json()["credentials"] == {}
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    assert "webhook-signature" not in request.headers
    assert request.headers["webhook-id"] == sent["id"]


async def test_basic_credentials_reach_the_receiver(client, tenant: Tenant, worker) -> None:
    async with Receiver(default=basic("ops", "s3cr3t-pass")) as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url,
            properties={"authType": "BASIC"},
            credentials={"username": "ops", "password": "s3cr3t-pass"},
        )
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    expected = base64.b64encode(b"ops:s3cr3t-pass").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert [(a["outcome"], a["statusCode"]) for a in done["attempts"]] == [("delivered", 200)]


async def test_basic_credentials_are_utf8_and_win_over_a_custom_authorization_header(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver() as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url,
            properties={"authType": "BASIC", "headers": {"Authorization": "Bearer stale-token", "X-Ok": "1"}},
            credentials={"username": "opérateur", "password": "pässwörd✓"},
        )
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    expected = base64.b64encode("opérateur:pässwörd✓".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.headers["X-Ok"] == "1"


async def test_a_custom_authorization_header_is_sent_when_there_is_no_auth_type(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(
            client, tenant.headers, receiver.url, properties={"headers": {"Authorization": "Bearer t"}}
        )
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert receiver.received[0].headers["Authorization"] == "Bearer t"


async def test_wrong_basic_credentials_fail_without_retrying_and_the_log_shows_no_password(
    client, tenant: Tenant, worker
) -> None:
    async with Receiver(default=basic("ops", "right-pass")) as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url,
            properties={"authType": "BASIC"},
            credentials={"username": "ops", "password": "wrong-pass"},
        )
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert len(receiver.received) == 1
    assert [(a["outcome"], a["statusCode"]) for a in done["attempts"]] == [("failed", 401)]
    assert "wrong-pass" not in str(done)


async def test_digest_answers_the_challenge_once_and_later_messages_go_out_authenticated(
    client, tenant: Tenant, worker
) -> None:
    guard = DigestGuard("ops", "digest-pass")
    async with Receiver(default=guard.reply) as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url + "/hooks/in",
            properties={"authType": "DIGEST"},
            credentials={"username": "ops", "password": "digest-pass"},
        )
        first = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, first["id"], "delivered")
        assert guard.challenges == 1
        assert len(receiver.received) == 2  # the challenge, then the authenticated request
        assert [(a["outcome"], a["statusCode"]) for a in done["attempts"]] == [("delivered", 200)]

        second = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, second["id"], "delivered")
    assert guard.challenges == 1, "the second message needed a second challenge"
    assert len(receiver.received) == 3
    assert guard.rejected == []
    assert [a["uri"] for a in guard.accepted] == ["/hooks/in", "/hooks/in"]
    assert [a["nc"] for a in guard.accepted] == ["00000001", "00000002"]
    assert receiver.received[2].headers["webhook-id"] == second["id"]


async def test_digest_integrations_sharing_credentials_each_authenticate_with_their_own_server(
    client, tenant: Tenant, worker
) -> None:
    guards = [DigestGuard("ops", "digest-pass"), DigestGuard("ops", "digest-pass", realm="other")]
    async with Receiver(default=guards[0].reply) as one, Receiver(default=guards[1].reply) as two:
        ids = []
        for receiver in (one, two):
            made = await create_webhook(
                client,
                tenant.headers,
                receiver.url,
                name=f"digest {receiver.port}",
                properties={"authType": "DIGEST"},
                credentials={"username": "ops", "password": "digest-pass"},
            )
            ids.append(made["id"])
        for integration_id in ids:
            sent = await send(client, tenant.headers, integrationId=integration_id)
            await wait_status(client, tenant.headers, sent["id"], "delivered")
    assert [len(g.accepted) for g in guards] == [1, 1]


async def test_wrong_digest_credentials_fail_the_message(client, tenant: Tenant, worker) -> None:
    guard = DigestGuard("ops", "digest-pass")
    async with Receiver(default=guard.reply) as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url,
            properties={"authType": "DIGEST"},
            credentials={"username": "ops", "password": "not-the-pass"},
        )
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert guard.rejected == ["wrong response hash"]
    assert [(a["outcome"], a["statusCode"]) for a in done["attempts"]] == [("failed", 401)]


async def test_custom_headers_and_the_put_method_are_used(client, tenant: Tenant, worker) -> None:
    async with Receiver() as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url + "/put-here?x=1",
            properties={"method": "PUT", "headers": {"X-Team": "ops", "X-Env": "dev"}},
        )
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    assert request.method == "PUT"
    assert request.path == "/put-here?x=1"
    assert request.headers["X-Team"] == "ops"
    assert request.headers["X-Env"] == "dev"
    assert request.json()["data"] == {"order": 42}


async def test_custom_headers_cannot_replace_the_signature_headers(client, tenant: Tenant, worker) -> None:
    secret = new_secret()
    async with Receiver() as receiver:
        await create_webhook(
            client,
            tenant.headers,
            receiver.url,
            properties={"headers": {"webhook-id": "spoofed", "Content-Type": "text/plain", "X-Ok": "yes"}},
            credentials={"signingSecret": secret},
        )
        sent = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        [request] = receiver.received
    assert request.headers["webhook-id"] == sent["id"]
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Ok"] == "yes"
    Webhook(secret).verify(request.body, request.headers)


async def test_every_retry_of_one_message_carries_the_same_webhook_id(client, tenant: Tenant, worker) -> None:
    secret = new_secret()
    async with Receiver(replies=[status(500), status(503)]) as receiver:
        await create_webhook(client, tenant.headers, receiver.url, credentials={"signingSecret": secret})
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "delivered")
        requests = receiver.received
    assert len(requests) == 3
    assert {r.headers["webhook-id"] for r in requests} == {sent["id"]}
    assert len({r.body for r in requests}) == 1, "every retry sends the very same body"
    assert requests[0].json()["timestamp"] == done["createdAt"]
    for request in requests:  # each attempt is signed afresh, over its own timestamp
        assert Webhook(secret).verify(request.body, request.headers)["data"] == {"order": 42}


async def test_traceparent_carries_the_trace_id_given_to_the_api(client, tenant: Tenant, worker) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await client.post(
            "/v2/messages",
            headers={**tenant.headers, "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"},
            json={"channel": "webhook", "payload": {"a": 1}},
        )
        assert sent.status_code == 202, sent.text
        assert sent.json()["traceId"] == trace_id
        done = await wait_status(client, tenant.headers, sent.json()["id"], "delivered")
        [request] = receiver.received
    version, carried, parent, flags = request.headers["traceparent"].split("-")
    assert (version, carried, flags) == ("00", trace_id, "01")
    assert len(parent) == 16 and parent != "00f067aa0ba902b7"
    assert done["traceId"] == trace_id


async def test_a_redirect_is_not_followed_and_fails_the_attempt(client, tenant: Tenant, worker) -> None:
    async with Receiver() as target, Receiver() as receiver:
        receiver.default = status(302, {"Location": target.url + "/stolen"})
        await create_webhook(client, tenant.headers, receiver.url)
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    assert len(receiver.received) == 1
    assert target.received == []
    assert [(a["outcome"], a["statusCode"]) for a in done["attempts"]] == [("failed", 302)]
    assert "302" in done["lastError"]


# The private-network guard, with the transport a production worker uses (allow_private=False).


def _message() -> OutboundMessage:
    return OutboundMessage(id="msg_01JTEST0000000000000000000", channel="webhook", recipient={})


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:{port}/in", "private address"),
        ("http://[::1]:{port}/in", "private address"),
        ("http://localhost:{port}/in", "localhost is not allowed"),
        ("http://api.localhost:{port}/in", "localhost is not allowed"),
        ("http://127.1:{port}/in", "cannot be called"),  # spellings of 127.0.0.1 no client should guess at
        ("http://2130706433:{port}/in", "cannot be called"),
    ],
)
async def test_a_guarded_transport_never_reaches_a_loopback_receiver(url: str, reason: str) -> None:
    transport = HttpTransport(allow_private=False, timeout=2.0)
    try:
        async with Receiver() as receiver:
            result = await WebhookSender().send(_message(), {"url": url.format(port=receiver.port)}, transport)
            await asyncio.sleep(0.05)
        assert result.outcome is Outcome.FAILED, result
        assert reason in result.detail
        assert receiver.received == []
    finally:
        await transport.close()


async def test_the_same_receiver_is_reached_when_private_networks_are_allowed() -> None:
    transport = HttpTransport(allow_private=True, timeout=2.0)
    try:
        async with Receiver() as receiver:
            result = await WebhookSender().send(_message(), {"url": receiver.url + "/in"}, transport)
        assert result.outcome is Outcome.DELIVERED, result
        assert len(receiver.received) == 1
    finally:
        await transport.close()


async def test_a_malformed_signing_secret_fails_at_once_without_echoing_it() -> None:
    transport = HttpTransport(allow_private=True, timeout=2.0)
    try:
        async with Receiver() as receiver:
            config = {"url": receiver.url, "signingSecret": "whsec_not*base64*at*all"}
            result = await WebhookSender().send(_message(), config, transport)
        assert result.outcome is Outcome.FAILED
        assert "signing secret" in result.detail
        assert "not*base64" not in result.detail
        assert receiver.received == []
    finally:
        await transport.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.7/",
        "http://169.254.169.254/latest",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",  # IPv4 inside IPv6: mapped, compatible, 6to4
        "http://[::127.0.0.1]/",
        "http://[2002:7f00:1::]/",
    ],
)
def test_check_url_refuses_private_literals_unless_allowed(url: str) -> None:
    assert "private address" in (HttpTransport(allow_private=False).check_url(url) or "")
    assert HttpTransport(allow_private=True).check_url(url) is None


@pytest.mark.parametrize(
    "url", ["ftp://hooks.example.com/", "file:///etc/passwd", "http://", "http://./", "hooks.example.com", ""]
)
def test_check_url_refuses_other_schemes_and_missing_hosts(url: str) -> None:
    for allow in (False, True):
        assert HttpTransport(allow_private=allow).check_url(url) == "only http and https URLs can be called"


def test_check_url_lets_public_names_and_addresses_through_to_the_resolver() -> None:
    guarded = HttpTransport(allow_private=False)
    for url in (
        "https://hooks.example.com/in",
        "http://8.8.8.8/",
        "http://[2606:4700::1111]/",
        "http://[::ffff:8.8.8.8]/",
    ):
        assert guarded.check_url(url) is None, url


@pytest.mark.parametrize("url", ["http://localhost./", "http://LOCALHOST/", "http://hooks.localhost./"])
def test_check_url_refuses_localhost_in_any_spelling(url: str) -> None:
    assert "localhost is not allowed" in (HttpTransport(allow_private=False).check_url(url) or "")


@pytest.mark.parametrize("host", ["localhost", "127.1"])
async def test_the_resolver_refuses_names_that_resolve_to_loopback(host: str) -> None:
    guarded, open_ = GuardedResolver(allow_private=False), GuardedResolver(allow_private=True)
    try:
        with pytest.raises(OSError, match="resolves only to private addresses"):
            await guarded.resolve(host, 80)
        assert {a["host"] for a in await open_.resolve(host, 80)} == {"127.0.0.1"}
    finally:
        await guarded.close()
        await open_.close()


async def test_the_transport_session_resolves_through_the_guard() -> None:
    """Even a request that skips ``check_url`` cannot reach a name that resolves inside."""
    transport = HttpTransport(allow_private=False, timeout=2.0)
    try:
        async with Receiver() as receiver:
            with pytest.raises(aiohttp.ClientConnectorError) as refused:
                await transport.http.get(f"http://localhost:{receiver.port}/")
        assert "resolves only to private addresses" in str(refused.value.os_error)
        assert receiver.received == []
    finally:
        await transport.close()


async def test_a_cookie_one_receiver_sets_is_never_sent_on_a_later_delivery(client, tenant: Tenant, worker) -> None:
    async with Receiver(replies=[status(200, {"Set-Cookie": "sid=development-only; Path=/"})]) as receiver:
        named = receiver.url.replace("127.0.0.1", "localhost")  # a host name: a cookie jar keeps no cookie of an IP
        await create_webhook(client, tenant.headers, named + "/development")
        first = await send(client, tenant.headers)
        await wait_status(client, tenant.headers, first["id"], "delivered")
        production = tenant.key(tenant.other_rw)
        await create_webhook(client, production, named + "/production")
        second = await send(client, production)
        await wait_status(client, production, second["id"], "delivered")
    assert [r.path for r in receiver.received] == ["/development", "/production"]
    assert "cookie" not in {name.lower() for name in receiver.received[1].headers}
