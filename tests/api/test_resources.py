"""Resource paths, the resources listing, resource mappings and resource-typed properties over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from interlink.services import tenants
from tests.conftest import Tenant

UNKNOWN_PLACE = "plc_01J00000000000000000000000"
UNKNOWN_INTEGRATION = "int_01J00000000000000000000000"


def paths(response: httpx.Response) -> list[str]:
    return [e["path"] for e in response.json().get("errors", [])]


async def post(client: httpx.AsyncClient, url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    response = await client.post(url, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def tree(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, dict[str, Any]]:
    """site ⊃ (hall ⊃ meter2), meter1; and a second top-level place, depot ⊃ car."""
    h = tenant.headers
    site = await post(client, "/v2/places", {"name": "Site", "address": "Main St 1"}, h)
    hall = await post(client, "/v2/places", {"name": "Hall", "parentId": site["id"]}, h)
    depot = await post(client, "/v2/places", {"name": "Depot"}, h)
    meter1 = await post(client, "/v2/things", {"name": "Meter 1", "kind": "meter", "placeId": site["id"]}, h)
    meter2 = await post(client, "/v2/things", {"name": "Meter 2", "kind": "meter", "placeId": hall["id"]}, h)
    car = await post(client, "/v2/things", {"name": "Car", "kind": "vehicle", "placeId": depot["id"]}, h)
    return {"site": site, "hall": hall, "depot": depot, "meter1": meter1, "meter2": meter2, "car": car}


async def webhook(client: httpx.AsyncClient, headers: dict[str, str], name: str = "Hook") -> str:
    body = {"name": name, "type": "webhook", "properties": {"url": "https://hooks.example.com/x"}}
    return (await post(client, "/v2/integrations", body, headers))["id"]


async def validate(client: httpx.AsyncClient, tenant: Tenant, path: str) -> dict[str, Any]:
    response = await client.get("/v2/integrations/validate-path", params={"path": path}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_validate_path(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    assert await validate(client, tenant, t["site"]["path"]) == {
        "path": t["site"]["path"],
        "valid": True,
        "reason": None,
    }
    assert (await validate(client, tenant, t["meter2"]["path"]))["valid"] is True

    wrong_place = f"places/{t['site']['id']}/things/{t['car']['id']}"
    answer = await validate(client, tenant, wrong_place)
    assert answer["valid"] is False
    assert t["car"]["id"] in answer["reason"] and "not in place" in answer["reason"]

    for malformed in (
        "",
        "sites/x",
        "places/",
        "places/not-an-id",
        f"places/{t['site']['id']}/things",
        f"places/{t['site']['id']}/things/{t['site']['id']}",
        f"places/{t['site']['id']}/devices/{t['meter1']['id']}",
        f"places/{t['site']['id']}/things/{t['meter1']['id']}/extra",
    ):
        answer = await validate(client, tenant, malformed)
        assert answer["valid"] is False, malformed
        assert answer["reason"], malformed

    assert (await validate(client, tenant, f"places/{UNKNOWN_PLACE}"))["valid"] is False

    foreign = await post(client, "/v2/places", {"name": "Prod"}, tenant.key(tenant.other_rw))
    answer = await validate(client, tenant, foreign["path"])
    assert answer == {"path": foreign["path"], "valid": False, "reason": f"place {foreign['id']} does not exist"}


async def test_validate_path_needs_a_path_and_read_scope(client, tenant: Tenant) -> None:
    missing = await client.get("/v2/integrations/validate-path", headers=tenant.headers)
    assert missing.status_code == 422
    assert paths(missing) == ["path"]
    params = {"path": "places/x"}
    assert (await client.get("/v2/integrations/validate-path", params=params)).status_code == 401
    refused = await client.get("/v2/integrations/validate-path", params=params, headers=tenant.key(tenant.write_only))
    assert refused.status_code == 403
    allowed = await client.get("/v2/integrations/validate-path", params=params, headers=tenant.key(tenant.read_only))
    assert allowed.status_code == 200


async def test_resources_listing(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    top = await client.get("/v2/integrations/resources", headers=tenant.headers)
    assert top.status_code == 200, top.text
    assert sorted(top.json()["data"], key=lambda r: r["name"]) == [
        {"path": t["depot"]["path"], "type": "place", "id": t["depot"]["id"], "name": "Depot", "detail": None},
        {"path": t["site"]["path"], "type": "place", "id": t["site"]["id"], "name": "Site", "detail": "Main St 1"},
    ]
    same = await client.get("/v2/integrations/resources", params={"path": "places"}, headers=tenant.headers)
    assert same.json() == top.json()

    under_site = await client.get(
        "/v2/integrations/resources", params={"path": t["site"]["path"]}, headers=tenant.headers
    )
    assert under_site.status_code == 200
    assert [(r["type"], r["id"], r["path"]) for r in under_site.json()["data"]] == [
        ("place", t["hall"]["id"], t["hall"]["path"]),
        ("thing", t["meter1"]["id"], t["meter1"]["path"]),
    ]
    assert under_site.json()["data"][1]["detail"] == "meter"

    under_hall = await client.get(
        "/v2/integrations/resources", params={"path": t["hall"]["path"]}, headers=tenant.headers
    )
    assert [r["id"] for r in under_hall.json()["data"]] == [t["meter2"]["id"]]
    under_thing = await client.get(
        "/v2/integrations/resources", params={"path": t["meter2"]["path"]}, headers=tenant.headers
    )
    assert under_thing.status_code == 200
    assert under_thing.json()["data"] == []
    too_long = await client.get(
        "/v2/integrations/resources", params={"path": "places/" + "x" * 300}, headers=tenant.headers
    )
    assert too_long.status_code == 422
    assert paths(too_long) == ["path"]

    other_env = await client.get("/v2/integrations/resources", headers=tenant.key(tenant.other_rw))
    assert other_env.json()["data"] == []


@pytest.mark.parametrize("bad", ["nowhere", f"places/{UNKNOWN_PLACE}", "places/x/things/y"])
async def test_resources_bad_path_is_422(client, tenant: Tenant, bad: str) -> None:
    response = await client.get("/v2/integrations/resources", params={"path": bad}, headers=tenant.headers)
    assert response.status_code == 422, response.text
    assert paths(response) == ["path"]
    assert response.headers["content-type"] == "application/problem+json"


async def test_resources_of_another_environment_are_422(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    response = await client.get(
        "/v2/integrations/resources", params={"path": t["site"]["path"]}, headers=tenant.key(tenant.other_rw)
    )
    assert response.status_code == 422
    assert paths(response) == ["path"]


async def create_mapping(
    client: httpx.AsyncClient, headers: dict[str, str], integration_id: str, external_id: str, path: str
) -> httpx.Response:
    body = {"integrationId": integration_id, "externalId": external_id, "resourcePath": path}
    return await client.post("/v2/integrations/resource-mappings", json=body, headers=headers)


async def list_mappings(client: httpx.AsyncClient, tenant: Tenant, integration_id: str) -> list[dict[str, Any]]:
    listed = await client.get(f"/v2/integrations/{integration_id}/resource-mappings", headers=tenant.headers)
    assert listed.status_code == 200, listed.text
    return listed.json()["data"]


async def test_resource_mapping_lifecycle(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    integration_id = await webhook(client, tenant.headers)

    made = await create_mapping(client, tenant.headers, integration_id, "meter-77", t["meter1"]["path"])
    assert made.status_code == 201, made.text
    mapping = made.json()
    assert mapping["id"].startswith("map_")
    assert {k: mapping[k] for k in ("integrationId", "externalId", "resourcePath", "resourceType")} == {
        "integrationId": integration_id,
        "externalId": "meter-77",
        "resourcePath": t["meter1"]["path"],
        "resourceType": "thing",
    }
    assert mapping["createdAt"]

    to_place = await create_mapping(client, tenant.headers, integration_id, "site-1", f"/{t['site']['path']}/")
    assert to_place.status_code == 201, to_place.text
    assert to_place.json()["resourceType"] == "place"
    assert to_place.json()["resourcePath"] == t["site"]["path"]

    assert await list_mappings(client, tenant, integration_id) == [mapping, to_place.json()]

    url = f"/v2/integrations/resource-mappings/{mapping['id']}"
    deleted = await client.delete(url, headers=tenant.headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert (await client.delete(url, headers=tenant.headers)).status_code == 404
    assert await list_mappings(client, tenant, integration_id) == [to_place.json()]


async def test_duplicate_external_id_is_409_per_integration(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    first = await webhook(client, tenant.headers, "First")
    second = await webhook(client, tenant.headers, "Second")
    assert (await create_mapping(client, tenant.headers, first, "ext-1", t["meter1"]["path"])).status_code == 201

    again = await create_mapping(client, tenant.headers, first, "ext-1", t["car"]["path"])
    assert again.status_code == 409, again.text
    assert paths(again) == ["externalId"]
    assert [m["resourcePath"] for m in await list_mappings(client, tenant, first)] == [t["meter1"]["path"]]

    reused = await create_mapping(client, tenant.headers, second, "ext-1", t["car"]["path"])
    assert reused.status_code == 201, reused.text


@pytest.mark.parametrize(
    "path",
    ["", "nowhere", f"places/{UNKNOWN_PLACE}", "places/plc_x", "wrong-thing", "foreign"],
)
async def test_invalid_resource_path_is_422(client, tenant: Tenant, path: str) -> None:
    t = await tree(client, tenant)
    integration_id = await webhook(client, tenant.headers)
    if path == "wrong-thing":
        path = f"places/{t['site']['id']}/things/{t['car']['id']}"
    elif path == "foreign":
        path = (await post(client, "/v2/places", {"name": "Prod"}, tenant.key(tenant.other_rw)))["path"]
    refused = await create_mapping(client, tenant.headers, integration_id, "ext", path)
    assert refused.status_code == 422, refused.text
    assert paths(refused) == ["resourcePath"]
    assert await list_mappings(client, tenant, integration_id) == []


async def test_mapping_needs_an_integration_of_the_callers_environment(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    foreign = await webhook(client, tenant.key(tenant.other_rw), "Prod hook")
    deleted = await webhook(client, tenant.headers, "Gone")
    assert (await client.delete(f"/v2/integrations/{deleted}", headers=tenant.headers)).status_code == 200

    for integration_id in (foreign, deleted, UNKNOWN_INTEGRATION, "nonsense"):
        refused = await create_mapping(client, tenant.headers, integration_id, "ext", t["site"]["path"])
        assert refused.status_code == 422, refused.text
        assert paths(refused) == ["integrationId"]
    other = tenant.key(tenant.other_rw)
    assert (await client.get(f"/v2/integrations/{foreign}/resource-mappings", headers=other)).json()["data"] == []


async def test_mapping_body_is_checked(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    integration_id = await webhook(client, tenant.headers)
    base = {"integrationId": integration_id, "externalId": "e", "resourcePath": t["site"]["path"]}
    url = "/v2/integrations/resource-mappings"
    for body, field in (
        ({**base, "note": "x"}, "note"),
        ({k: v for k, v in base.items() if k != "externalId"}, "externalId"),
        ({**base, "externalId": ""}, "externalId"),
        ({**base, "externalId": "x" * 201}, "externalId"),
        ({**base, "externalId": 5}, "externalId"),
        ({**base, "resourcePath": None}, "resourcePath"),
    ):
        refused = await client.post(url, json=body, headers=tenant.headers)
        assert refused.status_code == 422, (body, refused.text)
        assert paths(refused) == [field]
    assert await list_mappings(client, tenant, integration_id) == []


async def test_mapping_keys_scopes_and_environments(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    integration_id = await webhook(client, tenant.headers)
    made = await create_mapping(client, tenant.headers, integration_id, "ext", t["site"]["path"])
    mapping = made.json()
    list_url = f"/v2/integrations/{integration_id}/resource-mappings"
    delete_url = f"/v2/integrations/resource-mappings/{mapping['id']}"

    assert (await create_mapping(client, {}, integration_id, "e2", t["hall"]["path"])).status_code == 401
    assert (await client.get(list_url)).status_code == 401
    assert (await client.delete(delete_url)).status_code == 401

    read_only = tenant.key(tenant.read_only)
    assert (await create_mapping(client, read_only, integration_id, "e2", t["hall"]["path"])).status_code == 403
    assert (await client.delete(delete_url, headers=read_only)).status_code == 403
    assert (await client.get(list_url, headers=read_only)).json()["data"] == [mapping]

    write_only = tenant.key(tenant.write_only)
    assert (await client.get(list_url, headers=write_only)).status_code == 403
    by_writer = await create_mapping(client, write_only, integration_id, "e3", t["hall"]["path"])
    assert by_writer.status_code == 201, by_writer.text

    other = tenant.key(tenant.other_rw)
    assert (await client.get(list_url, headers=other)).status_code == 404
    assert (await client.delete(delete_url, headers=other)).status_code == 404
    assert (
        await client.get(f"/v2/integrations/{UNKNOWN_INTEGRATION}/resource-mappings", headers=tenant.headers)
    ).status_code == 404
    assert (await client.delete("/v2/integrations/resource-mappings/nope", headers=tenant.headers)).status_code == 404

    assert [m["id"] for m in await list_mappings(client, tenant, integration_id)] == [
        mapping["id"],
        by_writer.json()["id"],
    ]


async def test_mappings_of_a_deleted_integration_are_gone(client, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    integration_id = await webhook(client, tenant.headers)
    mapping = (await create_mapping(client, tenant.headers, integration_id, "ext", t["site"]["path"])).json()
    assert (await client.delete(f"/v2/integrations/{integration_id}", headers=tenant.headers)).status_code == 200
    listed = await client.get(f"/v2/integrations/{integration_id}/resource-mappings", headers=tenant.headers)
    assert listed.status_code == 404
    gone = await client.delete(f"/v2/integrations/resource-mappings/{mapping['id']}", headers=tenant.headers)
    assert gone.status_code == 404


def utility_body(meter: str | None) -> dict[str, Any]:
    properties: dict[str, Any] = {"utilityName": "City Power", "accountNumber": "ACC-1"}
    if meter is not None:
        properties["meter"] = meter
    return {
        "name": "Power account",
        "type": "utility_data",
        "properties": properties,
        "credentials": {"apiToken": "tok-123"},
    }


async def test_resource_typed_property_must_point_at_a_thing(client, hub, tenant: Tenant) -> None:
    t = await tree(client, tenant)
    not_enabled = await client.post("/v2/integrations", json=utility_body(None), headers=tenant.headers)
    assert not_enabled.status_code == 403
    await tenants.enable_type(hub, tenant.organization_id, "utility_data")

    foreign_place = await post(client, "/v2/places", {"name": "Prod"}, tenant.key(tenant.other_rw))
    foreign_thing = await post(
        client,
        "/v2/things",
        {"name": "M", "kind": "meter", "placeId": foreign_place["id"]},
        tenant.key(tenant.other_rw),
    )
    for meter in (
        t["site"]["path"],
        foreign_thing["path"],
        f"places/{t['site']['id']}/things/{t['car']['id']}",
        "meter-1",
    ):
        refused = await client.post("/v2/integrations", json=utility_body(meter), headers=tenant.headers)
        assert refused.status_code == 422, (meter, refused.text)
        assert paths(refused) == ["properties.meter"]
    assert (await client.get("/v2/integrations", headers=tenant.headers)).json()["data"] == []

    created = await client.post("/v2/integrations", json=utility_body(t["meter1"]["path"]), headers=tenant.headers)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["properties"]["meter"] == t["meter1"]["path"]
    assert record["direction"] == "INGRESS"
    assert record["credentials"] == {"apiToken": "set"}

    url = f"/v2/integrations/{record['id']}"
    to_place = await client.put(url, json={"properties": {"meter": t["hall"]["path"]}}, headers=tenant.headers)
    assert to_place.status_code == 422
    assert paths(to_place) == ["properties.meter"]
    to_thing = await client.put(url, json={"properties": {"meter": t["meter2"]["path"]}}, headers=tenant.headers)
    assert to_thing.status_code == 200, to_thing.text
    assert to_thing.json()["properties"]["meter"] == t["meter2"]["path"]
