# ruff: noqa: RUF001  (the look-alike characters are the attack)
"""SSRF: a few hundred generated spellings of loopback and internal addresses never reach a listener.

Each URL is refused by the save-time check, by the sender, and by the transport itself when a caller
skips every check and asks the session to dial it: the refusal happens on the address actually dialled.
"""

from __future__ import annotations

import asyncio

import aiohttp
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlink.providers.webhook.sender import WebhookSender
from interlink.queue.outbound_policy import OutboundPolicy
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, OutboundRefused, Outcome
from tests.conftest import Tenant
from tests.security.listener import RecordingListener
from tests.security.spellings import loopback_hosts, loopback_urls

MESSAGE = OutboundMessage(id="msg_01JSECURITY000000000000000", channel="webhook", recipient={})
ATTEMPTS = 300


async def _dial(transport: HttpTransport, url: str) -> str:
    """What happened to one URL: the sender's outcome, then a direct request that skips every check."""
    result = await WebhookSender().send(MESSAGE, {"url": url}, transport)
    assert result.outcome is Outcome.FAILED, (url, result)
    try:
        async with transport.http.post(url, data=b"{}", allow_redirects=False) as response:
            return f"answered {response.status}"
    except aiohttp.ClientConnectorError as exc:
        refused = isinstance(exc.os_error, OutboundRefused)
        return "refused" if refused else f"not resolved: {type(exc.os_error).__name__}"
    except (aiohttp.InvalidURL, ValueError, aiohttp.ClientError, TimeoutError) as exc:
        return type(exc).__name__


def test_no_spelling_of_loopback_reaches_a_listener() -> None:
    tried: list[str] = []
    loop = asyncio.new_event_loop()
    transport = HttpTransport(allow_private=False, timeout=2.0)
    policy = OutboundPolicy.build(False)
    with RecordingListener() as listener:

        @settings(max_examples=ATTEMPTS, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(st.data())
        def attack(data: st.DataObject) -> None:
            url = data.draw(loopback_urls(listener.port))
            assert policy.url_refusal(url) is not None, url
            outcome = loop.run_until_complete(_dial(transport, url))
            assert not outcome.startswith("answered"), (url, outcome)
            tried.append(url)

        try:
            attack()
            got_through = listener.sentinel()
        finally:
            loop.run_until_complete(transport.close())
            loop.close()
    assert len(tried) >= ATTEMPTS // 2
    assert got_through == [], got_through


def test_the_listener_does_see_a_connection_the_policy_allows() -> None:
    """The control: with the policy lifted (as the rest of the tests run) the same listener is reached."""
    loop = asyncio.new_event_loop()
    with RecordingListener() as listener:
        for allowed in (
            HttpTransport(allow_private=True, timeout=2.0),
            HttpTransport(allow_private=False, timeout=2.0, allow=["127.0.0.0/8"]),
        ):
            result = loop.run_until_complete(
                WebhookSender().send(MESSAGE, {"url": f"http://127.0.0.1:{listener.port}/"}, allowed)
            )
            loop.run_until_complete(allowed.close())
            assert result.outcome is not Outcome.DELIVERED  # the listener hangs up without answering
        seen = listener.sentinel()
    loop.close()
    assert len(seen) == 2 and all(first.startswith(b"POST / HTTP/1.1") for first in seen)


@given(loopback_hosts())
@settings(max_examples=100, deadline=None)
def test_every_spelling_is_refused_at_save_time_unless_lifted(host: str) -> None:
    url = f"http://{host}:8080/in"
    assert OutboundPolicy.build(False).url_refusal(url) is not None
    refused = OutboundPolicy.build(True).url_refusal(url)
    assert refused is None or "legacy spelling" in refused or "cannot be parsed" in refused


@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.com/in", "http://8.8.8.8/", "http://[2606:4700::1111]/", "http://[64:ff9b::808:808]/"],
)
def test_public_destinations_pass(url: str) -> None:
    assert OutboundPolicy.build(False).url_refusal(url) is None


def test_the_allow_list_takes_hosts_domains_and_cidrs() -> None:
    policy = OutboundPolicy.build(False, ["10.1.0.0/16", "hooks.internal", ".corp.example"])
    assert policy.url_refusal("http://10.1.2.3/") is None
    assert policy.url_refusal("http://10.2.0.1/") is not None
    assert policy.url_refusal("http://hooks.internal/") is None
    assert policy.url_refusal("http://a.corp.example/") is None
    assert policy.url_refusal("http://localhost/") is not None


@pytest.mark.parametrize(
    ("type_", "properties", "credentials", "path"),
    [
        ("webhook", {"url": "http://１２７.０.０.１:9/in"}, {}, "properties.url"),
        ("webhook", {"url": "http://127。0。0。1:9/in"}, {}, "properties.url"),
        ("webhook", {"url": "http://[64:ff9b::7f00:1]:9/"}, {}, "properties.url"),
        ("webhook", {"url": "http://[::ffff:127.0.0.1]/"}, {}, "properties.url"),
        ("webhook", {"url": "http://100.64.0.1/"}, {}, "properties.url"),
        ("webhook", {"url": "http://0x7f.1/"}, {}, "properties.url"),
        (
            "sendgrid",
            {"from": "a@example.com", "baseUrl": "http://１２７.０.０.１:9"},
            {"apiKey": "SG.k"},
            "properties.baseUrl",
        ),
        ("smtp", {"host": "127.0.0.1", "from": "a@example.com"}, {}, "properties.host"),
    ],
)
async def test_create_refuses_an_internal_destination_naming_the_property(
    guarded_client: httpx.AsyncClient, tenant: Tenant, type_: str, properties: dict, credentials: dict, path: str
) -> None:
    body = {"name": "x", "type": type_, "properties": properties, "credentials": credentials}
    response = await guarded_client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert [e["path"] for e in problem["errors"]] == [path]
    assert (
        "private address" in problem["errors"][0]["message"]
        or "localhost" in problem["errors"][0]["message"]
        or ("legacy" in problem["errors"][0]["message"])
    )


async def test_update_refuses_an_internal_destination(guarded_client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = {"name": "x", "type": "webhook", "properties": {"url": "https://hooks.example.com/in"}}
    created = await guarded_client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    patched = await guarded_client.put(
        f"/v2/integrations/{created.json()['id']}",
        json={"properties": {"url": "http://127。0。0。1/"}},
        headers=tenant.headers,
    )
    assert patched.status_code == 422
    assert [e["path"] for e in patched.json()["errors"]] == ["properties.url"]
    again = await guarded_client.get(f"/v2/integrations/{created.json()['id']}", headers=tenant.headers)
    assert again.json()["properties"]["url"] == "https://hooks.example.com/in"
