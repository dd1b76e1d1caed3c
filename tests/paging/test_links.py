"""Acknowledge and resolve links: signed, expiring, usable without a key; GET never acts, forgeries never do."""

from __future__ import annotations

from datetime import timedelta

from interlink.core.timeutil import utcnow
from interlink.services import alert_links
from tests.alerts.helpers import open_one
from tests.api.helpers import create
from tests.conftest import Tenant

PATH = alert_links.PATH


async def alert_of(client, hub, tenant: Tenant) -> str:
    integration = await create(client, tenant, "inbound_webhook")
    alert, _ = await open_one(hub, tenant, integration["id"])
    return alert.id


async def status(client, tenant: Tenant, alert_id: str) -> str:
    return str((await client.get(f"/v2/alerts/{alert_id}", headers=tenant.headers)).json()["status"])


async def test_get_asks_and_post_acts_without_a_key(client, hub, tenant: Tenant) -> None:
    alert_id = await alert_of(client, hub, tenant)
    resolve = f"{PATH}/{alert_links.token(hub, alert_id, 'resolve')}"
    for _ in range(2):
        page = await client.get(resolve)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "Resolve alert?" in page.text and 'method="post"' in page.text
        assert page.headers["cache-control"] == "no-store"
    assert await status(client, tenant, alert_id) == "open"
    done = await client.post(resolve)
    assert done.status_code == 200 and "resolved" in done.text
    assert await status(client, tenant, alert_id) == "resolved"
    again = await client.post(resolve)
    assert again.status_code == 200, "resolving twice changes nothing"
    ack = await client.post(f"{PATH}/{alert_links.token(hub, alert_id, 'acknowledge')}")
    assert ack.status_code == 200 and await status(client, tenant, alert_id) == "resolved"
    timeline = (await client.get(f"/v2/alerts/{alert_id}", headers=tenant.headers)).json()["timeline"]
    assert [(e["kind"], e["actor"]) for e in timeline] == [("opened", "inbound"), ("resolved", "link")]


async def test_forged_malformed_and_expired_links_do_nothing(client, hub, tenant: Tenant) -> None:
    alert_id = await alert_of(client, hub, tenant)
    good = alert_links.token(hub, alert_id, "acknowledge")
    head, _, signature = good.rpartition(".")
    other_alert = await alert_of(client, hub, tenant)
    forged = [
        f"{head}.{signature[:-2]}AA",  # another signature
        good.replace("acknowledge", "resolve"),  # the action changed
        good.replace(alert_id, other_alert),  # another alert
        good.replace(head.split(".")[2], str(int(head.split(".")[2]) + 3600)),  # a later expiry
        "nonsense",
        f"{alert_id}.acknowledge.99999999999999999999.x",
        f"{alert_id}.delete.1.x",
    ]
    for value in forged:
        for method in (client.get, client.post):
            response = await method(f"{PATH}/{value}")
            assert response.status_code == 404, (value, response.text)
            assert "not valid" in response.text and "Traceback" not in response.text
    expired = alert_links.token(
        hub, alert_id, "acknowledge", now=utcnow() - alert_links.LIFETIME - timedelta(seconds=1)
    )
    for method in (client.get, client.post):
        response = await method(f"{PATH}/{expired}")
        assert response.status_code == 410 and "expired" in response.text
    assert await status(client, tenant, alert_id) == "open" and await status(client, tenant, other_alert) == "open"


async def test_links_in_a_resolved_alert_say_so(client, hub, tenant: Tenant) -> None:
    alert_id = await alert_of(client, hub, tenant)
    assert (await client.post(f"/v2/alerts/{alert_id}/drop", headers=tenant.headers)).status_code == 200
    response = await client.post(f"{PATH}/{alert_links.token(hub, alert_id, 'resolve')}")
    assert response.status_code == 409 and "dropped" in response.text
    assert await status(client, tenant, alert_id) == "dropped"
