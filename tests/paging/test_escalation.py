"""Paging end to end on the service side: layers by email and webhook, escalation, links, cancellation, restarts."""

from __future__ import annotations

from urllib.parse import urlsplit

from interlink.services import alerts, escalation
from interlink.store import escalation as step_store
from tests.alerts.helpers import create_action, open_one
from tests.conftest import Tenant
from tests.paging.conftest import Clock
from tests.paging.helpers import LEASE, on_call, pages_to, tick
from tests.providers.smtp.mailserver import MailServer
from tests.receivers import Receiver


async def steps_of(hub, alert_id: str) -> list[tuple[int, int, str]]:
    async with hub.db.read() as session:
        return [(s.layer, s.round, s.status) for s in await step_store.for_alert(session, alert_id)]


async def timeline_kinds(client, tenant: Tenant, alert_id: str) -> list[str]:
    got = await client.get(f"/v2/alerts/{alert_id}", headers=tenant.headers)
    assert got.status_code == 200, got.text
    return [entry["kind"] for entry in got.json()["timeline"]]


def path_of(link: str) -> str:
    return urlsplit(link).path


async def test_layers_escalate_until_a_link_acknowledges(client, hub, tenant: Tenant, worker, clock: Clock) -> None:
    async with Receiver() as receiver, MailServer() as mail:
        setup = await on_call(client, tenant, receiver, mail)
        alert, created = await open_one(hub, tenant, setup.inbound, create_action("Disk full on db-1", urgency="high"))
        assert created
        assert await steps_of(hub, alert.id) == [(0, 0, "queued")]

        # Layer 1: Ada, by email and webhook.
        await tick(hub, clock.now)
        await receiver.wait_for(1)
        [first_mail] = await mail.wait_for(1)
        assert first_mail.rcpt_tos == ["ada@example.com"]
        assert first_mail.message["Subject"] == "[HIGH] Disk full on db-1"
        [page] = pages_to(receiver, setup.ada)
        assert page["type"] == "alert.paged" and page["data"]["alert"]["id"] == alert.id
        assert page["data"]["escalation"]["layer"] == 0
        assert await steps_of(hub, alert.id) == [(0, 0, "done"), (1, 0, "queued")]

        # Nobody acknowledges: before the delay nothing is due; after it, layer 2 (Bob) is paged.
        await tick(hub, clock.advance(minutes=4))
        assert await steps_of(hub, alert.id) == [(0, 0, "done"), (1, 0, "queued")]
        await tick(hub, clock.advance(minutes=2))
        await receiver.wait_for(2)
        await mail.wait_for(2)
        assert mail.received[1].rcpt_tos == ["bob@example.com"]
        [bob_page] = pages_to(receiver, setup.bob)
        assert await steps_of(hub, alert.id) == [(0, 0, "done"), (1, 0, "done"), (1, 1, "queued")]

        # Bob acknowledges from the link in his page: GET asks, POST acts, without any key.
        ack = path_of(bob_page["data"]["links"]["acknowledge"])
        asked = await client.get(ack)
        assert asked.status_code == 200 and "Disk full on db-1" in asked.text and "<form" in asked.text
        assert (await client.get(f"/v2/alerts/{alert.id}", headers=tenant.headers)).json()["status"] == "open"
        acted = await client.post(ack)
        assert acted.status_code == 200 and "acknowledged" in acted.text
        assert (await client.get(f"/v2/alerts/{alert.id}", headers=tenant.headers)).json()["status"] == "acknowledged"
        assert await steps_of(hub, alert.id) == [(0, 0, "done"), (1, 0, "done"), (1, 1, "cancelled")]
        await tick(hub, clock.advance(hours=1))
        assert await steps_of(hub, alert.id) == [(0, 0, "done"), (1, 0, "done"), (1, 1, "cancelled")]

        resolved = await client.post(path_of(bob_page["data"]["links"]["resolve"]))
        assert resolved.status_code == 200 and "resolved" in resolved.text
        kinds = await timeline_kinds(client, tenant, alert.id)
        assert kinds == ["opened", "routed", "paged", "paged", "acknowledged", "escalation_cancelled", "resolved"]
        assert len(receiver.received) == 2 and len(mail.received) == 2


async def test_a_restart_mid_escalation_loses_no_step_and_repeats_none(
    client, hub, tenant: Tenant, worker, clock: Clock
) -> None:
    async with Receiver() as receiver, MailServer() as mail:
        setup = await on_call(client, tenant, receiver, mail)
        alert, _ = await open_one(hub, tenant, setup.inbound)
        # A worker leases the step and dies before paging.
        async with hub.db.write() as session:
            claimed = await step_store.claim(session, "dead-worker", clock.now, LEASE, 100)
        leased = next(s for s in claimed if s.alert_id == alert.id)
        await tick(hub, clock.now)
        assert await steps_of(hub, alert.id) == [(0, 0, "running")]  # still leased
        # Its lease runs out: another worker pages, once.
        await tick(hub, clock.advance(seconds=31))
        # The dead worker comes back and finishes what it held: nothing happens.
        await escalation.run(hub, leased.id, "dead-worker", clock.now)
        await receiver.wait_for(1)
        await mail.wait_for(1)
        assert await steps_of(hub, alert.id) == [(0, 0, "done"), (1, 0, "queued")]
        kinds = await timeline_kinds(client, tenant, alert.id)
        assert kinds.count("paged") == 1
        assert len(pages_to(receiver, setup.ada)) == 1
        assert (await client.post(f"/v2/alerts/{alert.id}/drop", headers=tenant.headers)).status_code == 200


async def test_closing_the_alert_cancels_and_a_due_step_then_pages_nobody(
    client, hub, tenant: Tenant, worker, clock: Clock
) -> None:
    async with Receiver() as receiver, MailServer() as mail:
        setup = await on_call(client, tenant, receiver, mail)
        alert, _ = await open_one(hub, tenant, setup.inbound)
        async with hub.db.write() as session:
            claimed = await step_store.claim(session, "slow-worker", clock.now, LEASE, 100)
        leased = next(s for s in claimed if s.alert_id == alert.id)
        dropped = await client.post(f"/v2/alerts/{alert.id}/drop", headers=tenant.headers)
        assert dropped.status_code == 200, dropped.text
        await escalation.run(hub, leased.id, "slow-worker", clock.now)
        assert await steps_of(hub, alert.id) == [(0, 0, "cancelled")]
        assert "paged" not in await timeline_kinds(client, tenant, alert.id)
        assert receiver.received == [] and mail.received == []


async def test_an_alert_opened_and_closed_in_one_transaction_pages_nobody(
    client, hub, tenant: Tenant, worker, clock: Clock
) -> None:
    async with Receiver() as receiver, MailServer() as mail:
        setup = await on_call(client, tenant, receiver, mail)
        async with hub.db.write() as session:  # as a batch of inbound events does
            alert, _ = await alerts.open_alert(
                session,
                hub,
                environment_id=tenant.env_id,
                organization_id=tenant.organization_id,
                integration_id=setup.inbound,
                action=create_action(),
            )
            await alerts.resolve(session, hub, alert.id, actor="inbound")
        assert await steps_of(hub, alert.id) == [(0, 0, "cancelled")]
        await tick(hub, clock.advance(hours=1))
        assert await steps_of(hub, alert.id) == [(0, 0, "cancelled")]
