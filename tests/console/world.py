"""A small world of records for the console's form tests, made through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.api.helpers import create
from tests.receivers import closed_port


@dataclass
class World:
    """One environment's records: a webhook, a place with a thing, a mapping and a message."""

    integration: dict[str, Any]
    place: dict[str, Any]
    thing: dict[str, Any]
    mapping: dict[str, Any]
    message: dict[str, Any]

    def forms(self) -> list[tuple[str, dict[str, str]]]:
        """Every console form that writes, with input that would be accepted (less its CSRF token)."""
        iid, pid = self.integration["id"], self.place["id"]
        return [
            ("/console/integrations/new/webhook", {"name": "New", "prop.url": "https://hooks.example.com/x"}),
            (f"/console/integrations/{iid}/edit", {"name": "Renamed", "prop.url": "https://hooks.example.com/y"}),
            (f"/console/integrations/{iid}/mappings", {"externalId": "ext-9", "resourcePath": f"places/{pid}"}),
            (f"/console/integrations/{iid}/mappings/{self.mapping['id']}/delete", {}),
            (f"/console/integrations/{iid}/actions/test-send", {}),
            (f"/console/integrations/{iid}/primary", {}),
            (f"/console/integrations/{iid}/delete", {}),
            (f"/console/messages/{self.message['id']}/redeliver", {}),
            ("/console/places", {"name": "Another"}),
            (f"/console/places/{pid}", {"name": "Renamed place"}),
            (f"/console/places/{pid}/things", {"name": "Meter 2", "kind": "meter"}),
            (f"/console/things/{self.thing['id']}", {"name": "Renamed", "kind": "meter", "placeId": pid}),
        ]


async def make_world(client: httpx.AsyncClient, headers: dict[str, str]) -> World:
    url = f"http://127.0.0.1:{closed_port()}/hook"
    integration = await create(
        client,
        None,
        headers=headers,
        properties={"url": url},
        name="Hook",  # type: ignore[arg-type]
    )
    place = (await client.post("/v2/places", json={"name": "Plant"}, headers=headers)).json()
    thing = (
        await client.post("/v2/things", json={"name": "M", "kind": "meter", "placeId": place["id"]}, headers=headers)
    ).json()
    mapping = await client.post(
        "/v2/integrations/resource-mappings",
        json={"integrationId": integration["id"], "externalId": "ext-1", "resourcePath": f"places/{place['id']}"},
        headers=headers,
    )
    message = await client.post("/v2/messages", json={"channel": "webhook", "text": "hi"}, headers=headers)
    assert mapping.status_code == 201 and message.status_code == 202, (mapping.text, message.text)
    return World(integration, place, thing, mapping.json(), message.json())


async def snapshot(client: httpx.AsyncClient, headers: dict[str, str], world: World) -> dict[str, Any]:
    """What the API shows of the environment's integrations, places, things and mappings."""
    out: dict[str, Any] = {}
    for name, url in (
        ("integrations", "/v2/integrations?limit=200"),
        ("places", "/v2/places?limit=200"),
        ("things", "/v2/things?limit=200"),
        ("mappings", f"/v2/integrations/{world.integration['id']}/resource-mappings"),
    ):
        answer = await client.get(url, headers=headers)
        out[name] = answer.json() if answer.status_code == 200 else answer.status_code
    return out
