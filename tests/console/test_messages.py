"""Messages in the console: the delivery log, one message's attempts, redeliver, and the delivery figures."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx

from interlink.services import delivery_stats
from interlink.services.delivery_stats import p95
from interlink.services.hub import Hub
from tests.api.helpers import caller_of
from tests.conftest import Tenant
from tests.console.conftest import sign_in
from tests.receivers import Receiver, create_webhook, status, wait_status


def test_p95_is_the_nearest_rank() -> None:
    assert p95([]) is None
    assert p95([7.0]) == 7.0
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([float(n) for n in range(1, 21)]) == 19.0


async def test_deliveries_show_in_the_log_the_chart_and_the_figures(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, hub: Hub, tenant: Tenant, worker
) -> None:
    async with Receiver() as good, Receiver(default=status(400, body="bad payload")) as bad:
        ok_hook = await create_webhook(client, tenant.headers, f"{good.url}/in", name="Good hook")
        bad_hook = await create_webhook(client, tenant.headers, f"{bad.url}/in", name="Bad hook")
        sent = []
        for hook, count in ((ok_hook, 3), (bad_hook, 1)):
            for n in range(count):
                body = {"channel": "webhook", "text": f"m{n}", "integrationId": hook["id"]}
                sent.append((await client.post("/v2/messages", json=body, headers=tenant.headers)).json()["id"])
        for message_id in sent[:3]:
            await wait_status(client, tenant.headers, message_id, "delivered")
        failed = await wait_status(client, tenant.headers, sent[3], "failed")
    assert failed["attempts"][0]["statusCode"] == 400

    csrf = await sign_in(browser, tenant.rw)
    page = (await browser.get("/console/messages")).text
    assert page.count("<rect ") >= 2  # delivered and failed bars, drawn on the server
    assert "4 delivery attempts in the last 3 hours: 3 delivered, 0 retry, 1 failed" in page
    good_row = re.search(r"Good hook</a></th>\s*<td>3</td><td>100.0 %</td><td>(\d+) ms</td>", page)
    bad_row = re.search(r"Bad hook</a></th>\s*<td>1</td><td>0.0 %</td><td>(\d+) ms</td>", page)
    assert good_row and bad_row, page[page.find("<caption>") :][:1500]
    failed_only = (await browser.get("/console/messages", params={"status": "failed"})).text
    assert sent[3] in failed_only and sent[0] not in failed_only

    log = (await browser.get(f"/console/integrations/{bad_hook['id']}")).text
    assert sent[3] in log and "failed" in log
    listing = (await browser.get("/console/integrations")).text
    assert re.search(r"Good hook</a>.*?<span class=\"badge ok\">delivered</span>", listing, re.S)

    one = await browser.get(f"/console/messages/{sent[3]}")
    assert one.status_code == 200
    assert "bad payload" in one.text and ">400<" in one.text
    again = await browser.post(f"/console/messages/{sent[3]}/redeliver", data={"csrf_token": csrf})
    assert again.status_code == 303
    assert (await client.get(f"/v2/messages/{sent[3]}", headers=tenant.headers)).json()["status"] in (
        "queued",
        "sending",
        "failed",
    )


async def test_the_overview_counts_each_minute_of_the_window(hub: Hub, tenant: Tenant) -> None:
    who = await caller_of(hub, tenant.rw)
    later = datetime.now(UTC) + timedelta(days=365)
    empty = await delivery_stats.overview(hub, who, hours=1, now=later)
    assert empty.minutes == 60 and empty.total == 0 and empty.integrations == []
    assert all(len(v) == 60 for v in empty.counts.values())


async def test_an_action_run_from_the_console_reports_its_status(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, worker
) -> None:
    async with Receiver() as receiver:
        hook = await create_webhook(client, tenant.headers, f"{receiver.url}/in")
        csrf = await sign_in(browser, tenant.rw)
        queued = await browser.post(f"/console/integrations/{hook['id']}/actions/test-send", data={"csrf_token": csrf})
        assert queued.status_code == 303
        await receiver.wait_for(1)
    page = (await browser.get(queued.headers["location"])).text
    status_url = re.search(r'data-action-status="([^"]+)"', page)
    assert status_url
    async with asyncio.timeout(10):
        while (state := (await browser.get(status_url.group(1))).json())["status"] in ("queued", "running"):
            await asyncio.sleep(0.05)
    assert state["status"] == "succeeded" and state["statusCode"] == 200

    action_id = status_url.group(1).split("/")[-2]
    other = await client.get(f"/v2/actions/{action_id}", headers=tenant.key(tenant.other_rw))
    elsewhere = httpx.AsyncClient(transport=browser._transport, base_url="https://interlink.test")
    async with elsewhere:
        await sign_in(elsewhere, tenant.other_rw)
        seen = await elsewhere.get(status_url.group(1))
    assert other.status_code == seen.status_code == 404
