"""Issue 10's end-to-end: an Alertmanager page through intake, alert, two layers, an acknowledge link and a resolve."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import Tenant
from tests.inbound.helpers import alerts_of, fixture_bytes, wait_event
from tests.paging.conftest import Clock
from tests.paging.helpers import on_call, pages_to, tick
from tests.paging.test_escalation import steps_of
from tests.providers.smtp.mailserver import MailServer
from tests.receivers import Receiver, wait_status

pytestmark = pytest.mark.usefixtures("worker")
FIRING = fixture_bytes("alertmanager", "notification__firing")
RESOLVED = fixture_bytes("alertmanager", "notification__resolved")


async def test_alertmanager_to_acknowledged_and_resolved(client, hub, tenant: Tenant, clock: Clock) -> None:
    async with Receiver() as receiver, MailServer() as mail:
        setup = await on_call(client, tenant, receiver, mail, source="alertmanager")

        # A firing payload arrives and opens one alert.
        accepted = await client.post(setup.inbound_url, content=FIRING)
        assert accepted.status_code == 202, accepted.text
        trace_id = accepted.headers["x-trace-id"]
        await wait_event(client, tenant, accepted.json()["id"])
        [alert] = await alerts_of(client, tenant, setup.inbound)
        assert (alert["status"], alert["urgency"], alert["traceId"]) == ("open", "critical", trace_id)

        # The first layer (Ada) gets a webhook and an email.
        await tick(hub, clock.now)
        await receiver.wait_for(1)
        [ada_mail] = await mail.wait_for(1)
        assert ada_mail.rcpt_tos == ["ada@example.com"] and alert["title"] in ada_mail.message["Subject"]
        assert ada_mail.message["traceparent"].split("-")[1] == trace_id
        [ada_page] = pages_to(receiver, setup.ada)
        assert ada_page["data"]["alert"]["id"] == alert["id"]

        # Nobody acknowledges within the layer's five minutes: the second layer (Bob) is paged.
        await tick(hub, clock.advance(minutes=5, seconds=1))
        await receiver.wait_for(2)
        [_, bob_mail] = await mail.wait_for(2)
        assert bob_mail.rcpt_tos == ["bob@example.com"]
        [bob_page] = pages_to(receiver, setup.bob)
        sent = (await client.get("/v2/messages", headers=tenant.headers)).json()["data"]
        assert len(sent) == 4
        for message in sent:  # every delivery recorded before anyone acts
            await wait_status(client, tenant.headers, message["id"], "delivered")

        # Bob's acknowledge link stops the escalation.
        ack = urlsplit(bob_page["data"]["links"]["acknowledge"]).path
        assert (await client.get(ack)).status_code == 200
        assert (await client.post(ack)).status_code == 200
        assert await steps_of(hub, alert["id"]) == [(0, 0, "done"), (1, 0, "done"), (1, 1, "cancelled")]
        await tick(hub, clock.advance(hours=2))
        assert await steps_of(hub, alert["id"]) == [(0, 0, "done"), (1, 0, "done"), (1, 1, "cancelled")]

        # The same firing payload replayed while the alert is unresolved opens nothing new and pages nobody.
        replayed = await client.post(f"/v2/inbound-events/{accepted.json()['id']}/replay", headers=tenant.headers)
        assert replayed.status_code == 202, replayed.text
        await wait_event(client, tenant, replayed.json()["id"])
        [same] = await alerts_of(client, tenant, setup.inbound)
        assert (same["id"], same["count"], same["status"]) == (alert["id"], 2, "acknowledged")

        # The resolved payload resolves it.
        resolved = await client.post(setup.inbound_url, content=RESOLVED)
        await wait_event(client, tenant, resolved.json()["id"])
        [closed] = await alerts_of(client, tenant, setup.inbound)
        assert closed["status"] == "resolved"
        assert len(mail.received) == 2 and len(receiver.received) == 2

        # Every step is under the one trace id, in order.
        assert len((await client.get("/v2/messages", headers=tenant.headers)).json()["data"]) == 4
        trace = await client.get(f"/v2/traces/{trace_id}", headers=tenant.headers)
        kinds = [s["kind"] for s in trace.json()["steps"]]
        assert kinds[:3] == ["inbound_request", "alert.opened", "alert.routed"]
        assert kinds.count("alert.paged") == 2 and kinds.count("message") == 4
        assert kinds.count("delivery_attempt") == 4
        assert kinds[-2:] == ["alert.acknowledged", "alert.escalation_cancelled"], kinds
        # The replay and the resolve are requests of their own, each with its own trace.
        later = await client.get(f"/v2/traces/{resolved.headers['x-trace-id']}", headers=tenant.headers)
        assert [s["kind"] for s in later.json()["steps"]] == ["inbound_request", "alert.resolved"]
