"""Open alerts the way an inbound event does, for tests of what people do with them."""

from __future__ import annotations

from interlink.sdk.inbound import ActionKind, AlertAction
from interlink.services import alerts
from interlink.services.alert_hooks import AlertView
from interlink.services.hub import Hub
from tests.conftest import Tenant


def create_action(title: str = "Disk full on db-1", **fields: object) -> AlertAction:
    return AlertAction(ActionKind.CREATE, title=title, **fields)  # type: ignore[arg-type]


async def open_one(
    hub: Hub, tenant: Tenant, integration_id: str, action: AlertAction | None = None, *, env_id: str | None = None
) -> tuple[AlertView, bool]:
    async with hub.db.write() as session:
        return await alerts.open_alert(
            session,
            hub,
            environment_id=env_id or tenant.env_id,
            organization_id=tenant.organization_id,
            integration_id=integration_id,
            action=action or create_action(),
        )
