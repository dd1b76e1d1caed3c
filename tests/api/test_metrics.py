"""``/metrics``: off by default, and when on, counts what a user did: requests, messages, deliveries, queues."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from interlink.app import create_app
from interlink.core import metrics
from interlink.queue.breaker import Guards
from interlink.services.hub import Hub
from tests.cli import child_env, free_port, serving
from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook, send, status, wait_status

Page = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Page:
    """Every sample of a metrics page, keyed by name and sorted labels."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(page: Page, name: str, **labels: str) -> float:
    return page.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
async def metered(hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """The app as ``INTERLINK_METRICS=true`` builds it, over the same hub as every other test."""
    app = create_app(hub, dataclasses.replace(hub.settings, metrics=True))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://interlink.test") as http:
        yield http


async def scrape(http: httpx.AsyncClient) -> Page:
    page = await http.get("/metrics")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/plain")
    return samples(page.text)


async def test_metrics_are_off_unless_turned_on(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404
    assert "/metrics" not in (await client.get("/openapi.json")).json()["paths"]


async def test_requests_messages_and_deliveries_are_counted(metered: httpx.AsyncClient, tenant: Tenant, worker) -> None:
    before = await scrape(metered)
    async with Receiver() as receiver:
        hook = await create_webhook(metered, tenant.headers, receiver.url + "/in")
        assert (await metered.get(f"/v2/integrations/{hook['id']}", headers=tenant.headers)).status_code == 200
        missing = await metered.get("/v2/integrations/int_01JAAAAAAAAAAAAAAAAAAAAAAA", headers=tenant.headers)
        assert missing.status_code == 404
        message = await send(metered, tenant.headers)
        await wait_status(metered, tenant.headers, message["id"], "delivered")
    after = await scrape(metered)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    one = "/v2/integrations/{integrationId}"
    assert grew("interlink_http_requests_total", method="GET", route=one, status="200") == 1
    assert grew("interlink_http_requests_total", method="GET", route=one, status="404") == 1
    assert grew("interlink_http_requests_total", method="POST", route="/v2/integrations", status="201") == 1
    assert grew("interlink_http_request_duration_seconds_count", method="POST", route="/v2/integrations") == 1
    assert not any(hook["id"] in str(labels) for _, labels in after), "raw paths are never labels"
    assert grew("interlink_messages_accepted_total", channel="webhook") == 1
    assert grew("interlink_deliveries_total", provider="webhook", outcome="delivered") == 1
    assert grew("interlink_delivery_duration_seconds_count", provider="webhook") == 1
    assert ("interlink_queue_depth", (("queue", "messages"),)) in after
    assert ("interlink_queue_oldest_age_seconds", (("queue", "actions"),)) in after


async def test_a_failing_endpoint_counts_retries(metered: httpx.AsyncClient, tenant: Tenant, worker) -> None:
    async with Receiver(default=status(503)) as receiver:
        await create_webhook(metered, tenant.headers, receiver.url + "/in")
        before = await scrape(metered)
        message = await send(metered, tenant.headers)
        await wait_status(metered, tenant.headers, message["id"], "failed", timeout=20)
    after = await scrape(metered)
    for name, labels in (
        ("interlink_retries_scheduled_total", {"provider": "webhook"}),
        ("interlink_deliveries_total", {"provider": "webhook", "outcome": "retry"}),
    ):
        assert value(after, name, **labels) > value(before, name, **labels), name


async def test_open_circuits_are_counted_while_their_guards_live(metered: httpx.AsyncClient) -> None:
    start = value(await scrape(metered), "interlink_circuit_breakers_open")
    guards = Guards(threshold=2, cooldown=60)
    metrics.watch_breakers(guards)
    for _ in range(2):
        guards.breaker("int_a").record(False)
    guards.breaker("int_b").record(False)
    assert value(await scrape(metered), "interlink_circuit_breakers_open") == start + 1
    del guards
    assert value(await scrape(metered), "interlink_circuit_breakers_open") == start


def test_serve_exports_metrics_on_a_port_of_its_own(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path / "data", env=child_env(INTERLINK_METRICS_PORT=str(port))) as served:
        with served.client(served.admin_key) as http:
            assert http.get("/v2/integrations").status_code == 200
            assert http.get("/metrics").status_code == 404, "the API port keeps /metrics off unless asked"
        page = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert page.status_code == 200
        got = samples(page.text)
        assert value(got, "interlink_http_requests_total", method="GET", route="/v2/integrations", status="200") == 1
        assert ("interlink_queue_depth", (("queue", "messages"),)) in got
        served.stop()


async def test_inbound_requests_are_counted_by_source_and_outcome(metered: httpx.AsyncClient, tenant: Tenant) -> None:
    secret = "It's a Secret to Everybody"
    created = await metered.post(
        "/v2/integrations",
        json={"name": "GitHub", "type": "github", "credentials": {"signingSecret": secret}},
        headers=tenant.headers,
    )
    assert created.status_code == 201, created.text
    url = created.json()["inboundUrl"]
    body = b'{"zen": "Keep it logically awesome.", "hook_id": 1}'
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    before = await scrape(metered)
    assert (await metered.post(url, content=body, headers={"X-GitHub-Event": "ping"})).status_code == 401
    signed = {"X-GitHub-Event": "ping", "X-Hub-Signature-256": signature, "Content-Type": "application/json"}
    assert (await metered.post(url, content=body, headers=signed)).status_code == 202
    after = await scrape(metered)
    for outcome in ("refused", "accepted"):
        name, labels = "interlink_inbound_requests_total", {"source": "github", "outcome": outcome}
        assert value(after, name, **labels) - value(before, name, **labels) == 1, outcome
