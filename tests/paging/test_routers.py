"""Routers decide where a new alert goes: conditions, time-of-week windows, urgency, forwards and drops."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from interlink.services.router_rules import Decision, evaluate, in_window
from interlink.store import escalation as step_store
from tests.alerts.helpers import create_action, open_one
from tests.conftest import Tenant
from tests.paging.conftest import Clock
from tests.paging.helpers import post, tick
from tests.receivers import Receiver, create_webhook, wait_status

NIGHTS = {"timeZone": "Europe/Berlin", "windows": [{"days": ["fri"], "start": "22:00", "end": "06:00"}]}


def test_windows_read_in_their_time_zone_and_run_past_midnight() -> None:
    friday_late = datetime(2026, 11, 27, 22, 30, tzinfo=UTC)  # 23:30 in Berlin, a Friday
    saturday_early = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)  # 05:00 Saturday in Berlin
    saturday_day = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    friday_afternoon = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert in_window(NIGHTS, friday_late) and in_window(NIGHTS, saturday_early)
    assert not in_window(NIGHTS, saturday_day) and not in_window(NIGHTS, friday_afternoon)
    office = {
        "timeZone": "America/New_York",
        "windows": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}],
    }
    assert in_window(office, datetime(2026, 11, 27, 14, 0, tzinfo=UTC))  # 09:00 Friday in New York
    assert not in_window(office, datetime(2026, 11, 27, 13, 59, tzinfo=UTC))
    assert in_window(None, saturday_day)


def test_the_first_matching_rule_decides_and_drop_stops() -> None:
    critical = {"children": [{"field": "urgency", "operator": "EQUAL", "value": "critical"}]}
    router = SimpleNamespace(
        id="rtr_1",
        enabled=True,
        rules=[
            {"conditions": [critical], "schedule": None, "actions": [{"type": "route", "teamId": "team_a"}]},
            {"conditions": [], "schedule": NIGHTS, "actions": [{"type": "drop"}]},
            {
                "conditions": [],
                "schedule": None,
                "actions": [{"type": "set_urgency", "urgency": "low"}, {"type": "route", "accountUserId": "usr_b"}],
            },
        ],
    )
    at_night = datetime(2026, 11, 27, 22, 30, tzinfo=UTC)
    by_day = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    hot = evaluate([router], {"payload": {"urgency": "critical"}}, at_night, Decision("critical"))
    assert (hot.team_ids, hot.dropped_by) == (["team_a"], None)
    quiet = evaluate([router], {"payload": {"urgency": "low"}}, at_night, Decision("low"))
    assert quiet.dropped_by == "rtr_1"
    day = evaluate([router], {"payload": {"urgency": "high"}}, by_day, Decision("high"))
    assert (day.urgency, day.user_ids, day.team_ids) == ("low", ["usr_b"], [])
    off = evaluate(
        [SimpleNamespace(id="rtr_2", enabled=False, rules=router.rules)], {"payload": {}}, by_day, Decision("high")
    )
    assert off.trail == [{"routerId": "rtr_2", "outcome": "disabled"}] and not off.user_ids


async def test_a_router_sets_urgency_pages_a_user_and_forwards(
    client, hub, tenant: Tenant, worker, clock: Clock
) -> None:
    async with Receiver() as receiver:
        hook = await create_webhook(client, tenant.headers, f"{receiver.url}/forward")
        user = await post(
            client,
            tenant,
            "/v2/users",
            {
                "name": "Cy",
                "email": "cy@example.com",
                "contactMethods": [{"type": "webhook", "integrationId": hook["id"]}],
            },
        )
        rules = [
            {
                "conditions": [{"children": [{"field": "title", "operator": "LIKE", "value": "disk"}]}],
                "actions": [
                    {"type": "set_urgency", "urgency": "critical"},
                    {"type": "route", "accountUserId": user["id"]},
                    {"type": "forward", "integrationId": hook["id"]},
                ],
            },
            {"actions": [{"type": "drop"}]},
        ]
        router = await post(client, tenant, "/v2/routers", {"name": "Main", "rules": rules})
        source = await post(
            client,
            tenant,
            "/v2/integrations",
            {"name": "In", "type": "inbound_webhook", "properties": {"routerIds": [router["id"]]}},
        )

        disk, _ = await open_one(hub, tenant, source["id"], create_action("Disk almost full", urgency="low"))
        got = (await client.get(f"/v2/alerts/{disk.id}", headers=tenant.headers)).json()
        assert got["urgency"] == "critical"
        assert [e["kind"] for e in got["timeline"]] == ["opened", "routed", "urgency_set", "forwarded"]
        [forward] = await receiver.wait_for(1)
        assert forward.json()["type"] == "alert.forwarded" and forward.json()["data"]["alert"]["urgency"] == "critical"
        await tick(hub, clock.now)
        await receiver.wait_for(2)
        page = receiver.received[1].json()
        assert page["type"] == "alert.paged" and page["data"]["accountUser"]["id"] == user["id"]

        cpu, _ = await open_one(hub, tenant, source["id"], create_action("CPU hot"))
        assert (await client.get(f"/v2/alerts/{cpu.id}", headers=tenant.headers)).json()["status"] == "dropped"
        async with hub.db.read() as session:
            assert await step_store.for_alert(session, cpu.id) == []
        messages = (await client.get("/v2/messages", headers=tenant.headers)).json()["data"]
        assert len(messages) == 2
        for message in messages:
            await wait_status(client, tenant.headers, message["id"], "delivered")
