"""Set up who is paged and how: users with email and webhook contact methods, a two-layer team, the integrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from interlink.services import escalation
from interlink.services.hub import Hub
from tests.conftest import Tenant
from tests.providers.smtp.mailserver import MailServer
from tests.receivers import Receiver, create_webhook

LEASE = timedelta(seconds=30)


async def tick(hub: Hub, at: datetime) -> None:
    """Run every escalation step due at ``at``, as a worker would; tests then look at their own alert's steps."""
    await escalation.run_due(hub, "tests", at, LEASE, limit=1000)


@dataclass
class OnCall:
    ada: str
    bob: str
    team: str
    inbound: str
    hook: str
    inbound_url: str = ""


async def post(client: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def on_call(
    client: httpx.AsyncClient,
    tenant: Tenant,
    receiver: Receiver,
    mail: MailServer,
    source: str = "inbound_webhook",
    **inbound: Any,
) -> OnCall:
    """Ada pages first, then Bob (repeated once); each by email and by the environment's webhook."""
    hook = await create_webhook(client, tenant.headers, f"{receiver.url}/pages")
    smtp = {"host": "127.0.0.1", "port": mail.port, "secure": "NONE", "from": "pager@example.com"}
    await post(client, tenant, "/v2/integrations", {"name": "Mail", "type": "smtp", "properties": smtp})
    methods = [{"type": "email", "to": "{}@example.com"}, {"type": "webhook"}]
    ada = await post(
        client,
        tenant,
        "/v2/users",
        {
            "name": "Ada",
            "email": "ada@example.com",
            "contactMethods": [{**methods[0], "to": "ada@example.com"}, methods[1]],
        },
    )
    bob = await post(
        client,
        tenant,
        "/v2/users",
        {
            "name": "Bob",
            "email": "bob@example.com",
            "contactMethods": [{**methods[0], "to": "bob@example.com"}, methods[1]],
        },
    )
    layers = [
        {"userIds": [ada["id"]], "delayMinutes": 5, "repeat": 0},
        {"userIds": [bob["id"]], "delayMinutes": 10, "repeat": 1},
    ]
    team = await post(
        client, tenant, "/v2/teams", {"name": "Ops", "memberIds": [ada["id"], bob["id"]], "layers": layers}
    )
    properties = {"teamIds": [team["id"]], **inbound}
    made = await post(client, tenant, "/v2/integrations", {"name": "Alerts", "type": source, "properties": properties})
    return OnCall(ada["id"], bob["id"], team["id"], made["id"], hook["id"], made.get("inboundUrl", ""))


def pages_to(receiver: Receiver, user_id: str) -> list[dict[str, Any]]:
    """The page webhooks the receiver got for one person."""
    bodies = [r.json() for r in receiver.received if r.path == "/pages"]
    return [b for b in bodies if b["data"].get("accountUser", {}).get("id") == user_id]
