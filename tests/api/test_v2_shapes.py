"""The /v2 answers of alerts, the inbound log, traces and on-call match the models ``/openapi.json`` declares."""

from __future__ import annotations

import httpx
from pydantic import BaseModel

from interlink.api import schemas_alerts, schemas_oncall
from interlink.services.hub import Hub
from tests.alerts.helpers import open_one
from tests.api.helpers import create
from tests.conftest import Tenant


def conforms(model: type[BaseModel], response: httpx.Response, status: int = 200) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    model.model_validate(body)
    return body  # type: ignore[no-any-return]


async def test_alerts_and_the_inbound_log_answer_their_declared_shapes(
    hub: Hub, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    h = tenant.headers
    receiver = await create(client, tenant, "inbound_webhook")
    sent = await client.post(receiver["inboundUrl"], json={"title": "Disk full"}, headers={"X-Trace": "1"})
    assert sent.status_code < 500, sent.text
    events = conforms(schemas_alerts.InboundEventPage, await client.get("/v2/inbound-events", headers=h))
    [event] = events["data"]  # type: ignore[misc]
    one = conforms(schemas_alerts.InboundEvent, await client.get(f"/v2/inbound-events/{event['id']}", headers=h))
    assert "headers" in one
    if one["traceId"]:
        conforms(schemas_alerts.Trace, await client.get(f"/v2/traces/{one['traceId']}", headers=h))
    preview = {"payload": {"title": "CPU high"}}
    url = f"/v2/integrations/{receiver['id']}"
    conforms(schemas_alerts.InboundPreview, await client.post(f"{url}/preview", json=preview, headers=h))
    rotated = conforms(schemas_alerts.ReceivingIntegration, await client.post(f"{url}/rotate-token", headers=h))
    assert rotated["inboundUrl"] != receiver["inboundUrl"]

    alert, _ = await open_one(hub, tenant, receiver["id"])
    conforms(schemas_alerts.AlertPage, await client.get("/v2/alerts", headers=h))
    found = conforms(schemas_alerts.Alert, await client.get(f"/v2/alerts/{alert.id}", headers=h))
    assert found["timeline"]
    acted = await client.post(f"/v2/alerts/{alert.id}/acknowledge", json={"note": "on it"}, headers=h)
    assert conforms(schemas_alerts.Alert, acted)["status"] == "acknowledged"


async def test_users_teams_and_routers_answer_their_declared_shapes(client: httpx.AsyncClient, tenant: Tenant) -> None:
    h = tenant.headers
    user = {"name": "Ada", "email": "ada@example.com", "contactMethods": [{"type": "email", "to": "ada@example.com"}]}
    made = conforms(schemas_oncall.AccountUser, await client.post("/v2/users", json=user, headers=h), 201)
    team = {"name": "Ops", "memberIds": [made["id"]], "layers": [{"userIds": [made["id"]], "delayMinutes": 5}]}
    ops = conforms(schemas_oncall.Team, await client.post("/v2/teams", json=team, headers=h), 201)
    router = conforms(schemas_oncall.Router, await client.post("/v2/routers", json={"name": "Main"}, headers=h), 201)
    for path, one, page, record in (
        ("/v2/users", schemas_oncall.AccountUser, schemas_oncall.AccountUserPage, made),
        ("/v2/teams", schemas_oncall.Team, schemas_oncall.TeamPage, ops),
        ("/v2/routers", schemas_oncall.Router, schemas_oncall.RouterPage, router),
    ):
        conforms(page, await client.get(path, headers=h))
        conforms(one, await client.get(f"{path}/{record['id']}", headers=h))
        conforms(one, await client.put(f"{path}/{record['id']}", json={"name": "Renamed"}, headers=h))
