"""Alerts as services see them: dedup per integration, status moves, and the hooks other services use."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import Conflict
from interlink.sdk.inbound import ActionKind, AlertAction
from interlink.services import alert_hooks, alert_intake, alerts
from interlink.services.alert_hooks import AlertView
from interlink.services.hub import Hub
from interlink.store.inbound_tables import AlertEvent
from tests.alerts.helpers import create_action, open_one
from tests.api.helpers import create
from tests.conftest import Tenant


class Recorder:
    """A listener that records calls and proves it runs inside the alert's transaction."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, Any]] = []

    async def on_opened(self, session: AsyncSession, hub: Hub, alert: AlertView) -> None:
        seen = await session.scalar(select(AlertEvent.kind).where(AlertEvent.alert_id == alert.id))
        self.calls.append(("opened", alert.id, seen))

    async def on_closed(self, session: AsyncSession, hub: Hub, alert_id: str, status: str) -> None:
        self.calls.append(("closed", alert_id, status))


@pytest.fixture
def recorder() -> Any:
    listener = Recorder()
    alert_hooks.register(listener)
    alert_hooks.register(listener)  # twice is once
    yield listener
    alert_hooks.unregister(listener)


async def test_a_repeat_by_third_party_id_counts_into_the_open_alert(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant, recorder: Recorder
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    first, new = await open_one(hub, tenant, integration["id"], create_action(third_party_id="fp-1", urgency="high"))
    again, new_again = await open_one(hub, tenant, integration["id"], create_action(third_party_id="fp-1"))
    assert (new, new_again) == (True, False)
    assert again.id == first.id and again.count == 2 and again.urgency == "high"
    assert recorder.calls == [("opened", first.id, "opened")]


async def test_a_dedup_key_matches_across_third_party_ids_but_not_across_integrations(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    one = await create(client, tenant, "inbound_webhook")
    two = await create(client, tenant, "inbound_webhook", name="Other source")
    first, _ = await open_one(hub, tenant, one["id"], create_action(third_party_id="a", dedup_keys=("db-1/disk",)))
    same, new = await open_one(hub, tenant, one["id"], create_action(third_party_id="b", dedup_keys=("db-1/disk",)))
    elsewhere, new_elsewhere = await open_one(hub, tenant, two["id"], create_action(dedup_keys=("db-1/disk",)))
    assert same.id == first.id and not new
    assert new_elsewhere and elsewhere.id != first.id


async def test_statuses_move_forward_and_call_the_hook_each_time(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant, recorder: Recorder
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    alert, _ = await open_one(hub, tenant, integration["id"], create_action(third_party_id="x"))
    async with hub.db.write() as session:
        acked = await alerts.acknowledge(session, hub, alert.id, actor="usr_1")
        assert await alerts.status_of(session, alert.id) == "acknowledged"
    async with hub.db.write() as session:
        again = await alerts.acknowledge(session, hub, alert.id, actor="usr_1")
    async with hub.db.write() as session:
        resolved = await alerts.resolve(session, hub, alert.id, actor="usr_1")
    assert (acked.status, again.status, resolved.status) == ("acknowledged", "acknowledged", "resolved")
    assert recorder.calls[1:] == [("closed", alert.id, "acknowledged"), ("closed", alert.id, "resolved")]
    with pytest.raises(Conflict):
        async with hub.db.write() as session:
            await alerts.drop(session, hub, alert.id, actor="usr_1")
    reopened, new = await open_one(hub, tenant, integration["id"], create_action(third_party_id="x"))
    assert new and reopened.id != alert.id


async def test_inbound_actions_resolve_by_third_party_id_and_ignore_what_matches_nothing(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    source = alerts.Source(tenant.env_id, tenant.organization_id, integration["id"], default_urgency="low")
    async with hub.db.write() as session:
        opened = await alerts.apply(session, hub, source, create_action(third_party_id="fp"))
        resolved = await alerts.apply(session, hub, source, AlertAction(ActionKind.RESOLVE, third_party_id="fp"))
        nothing = await alerts.apply(session, hub, source, AlertAction(ActionKind.RESOLVE, third_party_id="fp"))
        ignored = await alerts.apply(session, hub, source, AlertAction(ActionKind.IGNORE, reason="a ping"))
        alert = await alerts.get_view(session, opened["alertId"])
    assert opened["outcome"] == "opened" and resolved == {**resolved, "outcome": "resolved"}
    assert nothing["outcome"] == "ignored" and ignored["reason"] == "a ping"
    assert alert is not None and alert.urgency == "low" and alert.status == "resolved"


async def test_a_listener_that_raises_rolls_the_alert_back(hub: Hub, client: httpx.AsyncClient, tenant: Tenant) -> None:
    class Failing(Recorder):
        async def on_opened(self, session: AsyncSession, hub: Hub, alert: AlertView) -> None:
            raise RuntimeError("paging is down")

    integration = await create(client, tenant, "inbound_webhook")
    failing = Failing()
    alert_hooks.register(failing)
    try:
        with pytest.raises(RuntimeError):
            await open_one(hub, tenant, integration["id"], create_action(third_party_id="r"))
    finally:
        alert_hooks.unregister(failing)
    response = await client.get("/v2/alerts", params={"integrationId": integration["id"]}, headers=tenant.headers)
    assert response.json()["data"] == []


async def test_a_batch_dedups_within_itself_and_tells_listeners_in_order(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant, recorder: Recorder
) -> None:
    integration = await create(client, tenant, "inbound_webhook")
    source = alerts.Source(tenant.env_id, tenant.organization_id, integration["id"])
    items = [
        alert_intake.Item(source, create_action(third_party_id="b1"), "ibe_1"),
        alert_intake.Item(source, create_action(third_party_id="b1"), "ibe_2"),
        alert_intake.Item(source, AlertAction(ActionKind.RESOLVE, third_party_id="b1"), "ibe_3"),
        alert_intake.Item(source, create_action(third_party_id="b1"), "ibe_4"),
    ]
    async with hub.db.write() as session:
        outcomes = await alert_intake.apply_batch(session, hub, items)
    assert [o["outcome"] for o in outcomes] == ["opened", "repeated", "resolved", "opened"]
    first, second = outcomes[0]["alertId"], outcomes[3]["alertId"]
    assert first != second
    assert recorder.calls == [("opened", first, "opened"), ("closed", first, "resolved"), ("opened", second, "opened")]
