"""Template bombs: refused with a clear reason naming the template, within a bounded time, off the event loop."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from interlink.services import templates
from tests.api.test_inbox import create_inbox
from tests.conftest import Tenant

# Under the step budget, so each render costs real time.
LOOP = "{% for a in range(99000) %}{% if a < 0 %}x{% endif %}{% endfor %}ok"
REPLACE = "{{ ('x' * 400000).replace('x', 'yy') }}"
NESTED = (
    "{% for a in x %}{% for b in x %}{% for c in x %}{% for d in x %}.{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
)


async def _health_latencies(client: httpx.AsyncClient, stop: asyncio.Event) -> list[float]:
    """Ask ``/healthz`` every 20 ms until told to stop; how long each answer took."""
    seen: list[float] = []
    while not stop.is_set():
        started = time.monotonic()
        assert (await client.get("/healthz")).status_code == 200
        seen.append(time.monotonic() - started)
        await asyncio.sleep(0.02)
    return seen


async def test_a_batch_of_costly_templates_fails_in_bounded_time_while_health_answers(
    client: httpx.AsyncClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A request budget no machine renders 60 such templates within, so the outcome does not hang on its speed.
    monkeypatch.setattr(templates, "MAX_REQUEST_SECONDS", 0.3)
    await create_inbox(client, tenant)
    batch = {"messages": [{"channel": "in_app", "to": f"s{i}", "template": {"text": LOOP}} for i in range(60)]}
    stop = asyncio.Event()
    health = asyncio.create_task(_health_latencies(client, stop))
    started = time.monotonic()
    answer = await client.post("/v2/messages/batch", json=batch, headers=tenant.headers)
    took = time.monotonic() - started
    stop.set()
    latencies = await health
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["path"].startswith("messages[") and error["path"].endswith("].template.text")
    assert "take more than" in error["message"] or "too much work" in error["message"]
    assert took < templates.MAX_REQUEST_SECONDS + 3, took
    # A loop held by the renders would stall health for the whole batch (seconds); a busy machine adds some.
    assert len(latencies) >= 3 and max(latencies) < 1.0, latencies


async def test_one_bomb_fails_its_message_with_the_reason(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_inbox(client, tenant)
    for source, reason in ((REPLACE, "too large"), (NESTED, "nests loops"), ("{{ 'a' * 10**9 }}", "too many times")):
        answer = await client.post(
            "/v2/messages",
            json={"channel": "in_app", "to": "s1", "template": {"text": source}, "data": {"x": [1]}},
            headers=tenant.headers,
        )
        assert answer.status_code == 422, answer.text
        [error] = answer.json()["errors"]
        assert error["path"] == "template.text" and reason in error["message"], error


async def test_ordinary_templates_still_render(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_inbox(client, tenant)
    answer = await client.post(
        "/v2/messages",
        json={"channel": "in_app", "to": "s1", "template": {"text": "Hi {{ name }}"}, "data": {"name": "Ada"}},
        headers=tenant.headers,
    )
    assert answer.status_code == 202, answer.text
