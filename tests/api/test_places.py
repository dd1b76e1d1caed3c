"""``/v2/places`` and ``/v2/things`` over HTTP: shapes, hierarchy, validation, deletes, keys and environments."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Tenant

UNKNOWN_PLACE = "plc_01J00000000000000000000000"


def paths(response: httpx.Response) -> list[str]:
    """The field paths a problem document names."""
    return [e["path"] for e in response.json().get("errors", [])]


async def make_place(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    created = await client.post("/v2/places", json={"name": "Site", **fields}, headers=tenant.headers)
    assert created.status_code == 201, created.text
    return created.json()


async def make_thing(client: httpx.AsyncClient, tenant: Tenant, place_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "Meter 1", "kind": "meter", "placeId": place_id, **fields}
    created = await client.post("/v2/things", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    return created.json()


async def place_ids(client: httpx.AsyncClient, tenant: Tenant) -> list[str]:
    listed = await client.get("/v2/places", headers=tenant.headers)
    assert listed.status_code == 200
    return [p["id"] for p in listed.json()["data"]]


async def test_create_place_returns_camel_case_record(client, tenant: Tenant) -> None:
    body = {
        "name": "Berlin plant",
        "address": "Werkstrasse 1, Berlin",
        "latitude": 52.52,
        "longitude": 13.405,
        "timezone": "Europe/Berlin",
        "metadata": {"region": "eu"},
    }
    created = await client.post("/v2/places", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    place = created.json()
    assert place["id"].startswith("plc_")
    assert place["path"] == f"places/{place['id']}"
    assert place["parentId"] is None
    assert {k: place[k] for k in body} == body
    assert place["createdAt"] and place["updatedAt"]
    assert "parent_id" not in place and "created_at" not in place

    fetched = await client.get(f"/v2/places/{place['id']}", headers=tenant.headers)
    assert fetched.status_code == 200
    assert fetched.json() == place


async def test_sub_places_and_listing_by_parent(client, tenant: Tenant) -> None:
    site = await make_place(client, tenant, name="Campus")
    hall = await make_place(client, tenant, name="Hall A", parentId=site["id"])
    other = await make_place(client, tenant, name="Depot")
    assert hall["parentId"] == site["id"]

    children = await client.get("/v2/places", params={"parentId": site["id"]}, headers=tenant.headers)
    assert [p["id"] for p in children.json()["data"]] == [hall["id"]]
    assert sorted(await place_ids(client, tenant)) == sorted([site["id"], hall["id"], other["id"]])

    moved = await client.put(f"/v2/places/{hall['id']}", json={"parentId": other["id"]}, headers=tenant.headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["parentId"] == other["id"]
    top = await client.put(f"/v2/places/{hall['id']}", json={"parentId": None}, headers=tenant.headers)
    assert top.status_code == 200
    assert top.json()["parentId"] is None


async def test_place_list_pages_with_a_cursor(client, tenant: Tenant) -> None:
    made = [(await make_place(client, tenant, name=f"P{i}"))["id"] for i in range(3)]
    first = (await client.get("/v2/places", params={"limit": 2}, headers=tenant.headers)).json()
    assert [p["id"] for p in first["data"]] == made[:2]
    assert first["nextCursor"] == made[1]
    rest = (
        await client.get("/v2/places", params={"limit": 2, "cursor": first["nextCursor"]}, headers=tenant.headers)
    ).json()
    assert [p["id"] for p in rest["data"]] == made[2:]
    assert rest["nextCursor"] is None


async def test_parent_cycles_are_refused(client, tenant: Tenant) -> None:
    a = await make_place(client, tenant, name="A")
    b = await make_place(client, tenant, name="B", parentId=a["id"])
    c = await make_place(client, tenant, name="C", parentId=b["id"])

    for target, parent in ((a, c["id"]), (a, b["id"]), (a, a["id"])):
        refused = await client.put(f"/v2/places/{target['id']}", json={"parentId": parent}, headers=tenant.headers)
        assert refused.status_code == 422, refused.text
        assert paths(refused) == ["parentId"]
        assert refused.headers["content-type"] == "application/problem+json"

    unchanged = await client.get(f"/v2/places/{a['id']}", headers=tenant.headers)
    assert unchanged.json()["parentId"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", 90.5),
        ("latitude", -91),
        ("longitude", 180.01),
        ("longitude", -200),
        ("latitude", "45"),
        ("latitude", True),
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", "../../etc/passwd"),
        ("timezone", "zone.tab"),
        ("timezone", "America"),
        ("name", ""),
        ("name", 12),
        ("parentId", UNKNOWN_PLACE),
        ("parentId", "not-an-id"),
        ("metadata", {"nested": {"too": "deep"}}),
    ],
)
async def test_bad_place_fields_name_the_field(client, tenant: Tenant, field: str, value: Any) -> None:
    body = {"name": "Site", field: value}
    refused = await client.post("/v2/places", json=body, headers=tenant.headers)
    assert refused.status_code == 422, refused.text
    assert any(p == field or p.startswith(f"{field}.") for p in paths(refused)), refused.text
    assert await place_ids(client, tenant) == []

    place = await make_place(client, tenant, name="Kept", latitude=1.5, timezone="UTC")
    update = await client.put(f"/v2/places/{place['id']}", json={field: value}, headers=tenant.headers)
    assert update.status_code == 422, update.text
    after = await client.get(f"/v2/places/{place['id']}", headers=tenant.headers)
    assert after.json() == place


async def test_missing_name_and_unknown_fields_are_422(client, tenant: Tenant) -> None:
    missing = await client.post("/v2/places", json={"address": "x"}, headers=tenant.headers)
    assert missing.status_code == 422
    assert paths(missing) == ["name"]

    unknown = await client.post("/v2/places", json={"name": "Site", "colour": "red"}, headers=tenant.headers)
    assert unknown.status_code == 422
    assert paths(unknown) == ["colour"]

    place = await make_place(client, tenant)
    bad_update = await client.put(f"/v2/places/{place['id']}", json={"nme": "typo"}, headers=tenant.headers)
    assert bad_update.status_code == 422
    assert paths(bad_update) == ["nme"]
    null_name = await client.put(f"/v2/places/{place['id']}", json={"name": None}, headers=tenant.headers)
    assert null_name.status_code == 422
    assert paths(null_name) == ["name"]

    thing_unknown = await client.post(
        "/v2/things", json={"name": "T", "kind": "meter", "placeId": place["id"], "serial": "1"}, headers=tenant.headers
    )
    assert thing_unknown.status_code == 422
    assert paths(thing_unknown) == ["serial"]
    assert await place_ids(client, tenant) == [place["id"]]


async def test_update_place_changes_only_given_fields(client, tenant: Tenant) -> None:
    place = await make_place(client, tenant, name="Old", address="Street 1", timezone="UTC", metadata={"a": "1"})
    updated = await client.put(
        f"/v2/places/{place['id']}", json={"name": "New", "latitude": -33.9}, headers=tenant.headers
    )
    assert updated.status_code == 200, updated.text
    body = updated.json()
    assert body["name"] == "New"
    assert body["latitude"] == -33.9
    assert body["address"] == "Street 1"
    assert body["timezone"] == "UTC"
    assert body["metadata"] == {"a": "1"}
    assert body["updatedAt"] >= place["updatedAt"]


async def test_thing_crud(client, tenant: Tenant) -> None:
    place = await make_place(client, tenant)
    thing = await make_thing(client, tenant, place["id"], metadata={"serial": "A-1"})
    assert thing["id"].startswith("thg_")
    assert thing["placeId"] == place["id"]
    assert thing["path"] == f"places/{place['id']}/things/{thing['id']}"
    assert thing["kind"] == "meter"
    assert thing["metadata"] == {"serial": "A-1"}

    fetched = await client.get(f"/v2/things/{thing['id']}", headers=tenant.headers)
    assert fetched.json() == thing

    other_place = await make_place(client, tenant, name="Other")
    await make_thing(client, tenant, other_place["id"], name="Car", kind="vehicle")
    in_place = await client.get("/v2/things", params={"placeId": place["id"]}, headers=tenant.headers)
    assert [t["id"] for t in in_place.json()["data"]] == [thing["id"]]
    vehicles = await client.get("/v2/things", params={"kind": "vehicle"}, headers=tenant.headers)
    assert [t["name"] for t in vehicles.json()["data"]] == ["Car"]

    moved = await client.put(
        f"/v2/things/{thing['id']}", json={"placeId": other_place["id"], "name": "Meter 1b"}, headers=tenant.headers
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["path"] == f"places/{other_place['id']}/things/{thing['id']}"
    assert moved.json()["name"] == "Meter 1b"

    deleted = await client.delete(f"/v2/things/{thing['id']}", headers=tenant.headers)
    assert deleted.status_code == 204
    assert (await client.get(f"/v2/things/{thing['id']}", headers=tenant.headers)).status_code == 404
    assert (await client.delete(f"/v2/things/{thing['id']}", headers=tenant.headers)).status_code == 404


async def test_thing_needs_an_existing_place_of_its_environment(client, tenant: Tenant) -> None:
    foreign = await client.post("/v2/places", json={"name": "Prod site"}, headers=tenant.key(tenant.other_rw))
    assert foreign.status_code == 201
    for place_id in (UNKNOWN_PLACE, foreign.json()["id"], "nonsense"):
        refused = await client.post(
            "/v2/things", json={"name": "T", "kind": "meter", "placeId": place_id}, headers=tenant.headers
        )
        assert refused.status_code == 422, refused.text
        assert paths(refused) == ["placeId"]
    missing = await client.post("/v2/things", json={"name": "T", "kind": "meter"}, headers=tenant.headers)
    assert missing.status_code == 422
    assert paths(missing) == ["placeId"]
    assert (await client.get("/v2/things", headers=tenant.headers)).json()["data"] == []

    place = await make_place(client, tenant)
    thing = await make_thing(client, tenant, place["id"])
    move = await client.put(f"/v2/things/{thing['id']}", json={"placeId": foreign.json()["id"]}, headers=tenant.headers)
    assert move.status_code == 422
    assert paths(move) == ["placeId"]
    assert (await client.get(f"/v2/things/{thing['id']}", headers=tenant.headers)).json() == thing


async def test_delete_place_refused_while_it_holds_sub_places_or_things(client, tenant: Tenant) -> None:
    site = await make_place(client, tenant)
    hall = await make_place(client, tenant, name="Hall", parentId=site["id"])
    busy = await client.delete(f"/v2/places/{site['id']}", headers=tenant.headers)
    assert busy.status_code == 409, busy.text
    assert busy.headers["content-type"] == "application/problem+json"

    thing = await make_thing(client, tenant, hall["id"])
    assert (await client.delete(f"/v2/places/{hall['id']}", headers=tenant.headers)).status_code == 409
    assert sorted(await place_ids(client, tenant)) == sorted([site["id"], hall["id"]])

    assert (await client.delete(f"/v2/things/{thing['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/places/{hall['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/places/{site['id']}", headers=tenant.headers)).status_code == 204
    assert await place_ids(client, tenant) == []
    assert (await client.get(f"/v2/places/{site['id']}", headers=tenant.headers)).status_code == 404


async def _webhook(client: httpx.AsyncClient, tenant: Tenant) -> str:
    body = {"name": "Hook", "type": "webhook", "properties": {"url": "https://hooks.example.com/x"}}
    created = await client.post("/v2/integrations", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _map(client: httpx.AsyncClient, tenant: Tenant, integration_id: str, path: str, external_id: str) -> str:
    body = {"integrationId": integration_id, "externalId": external_id, "resourcePath": path}
    made = await client.post("/v2/integrations/resource-mappings", json=body, headers=tenant.headers)
    assert made.status_code == 201, made.text
    return made.json()["id"]


async def test_delete_refused_while_a_mapping_targets_it(client, tenant: Tenant) -> None:
    place = await make_place(client, tenant)
    thing_place = await make_place(client, tenant, name="Thing home")
    thing = await make_thing(client, tenant, thing_place["id"])
    other_place = await make_place(client, tenant, name="Elsewhere")
    integration_id = await _webhook(client, tenant)
    place_map = await _map(client, tenant, integration_id, place["path"], "site-1")
    thing_map = await _map(client, tenant, integration_id, thing["path"], "meter-1")

    assert (await client.delete(f"/v2/places/{place['id']}", headers=tenant.headers)).status_code == 409
    assert (await client.delete(f"/v2/things/{thing['id']}", headers=tenant.headers)).status_code == 409
    moved = await client.put(f"/v2/things/{thing['id']}", json={"placeId": other_place["id"]}, headers=tenant.headers)
    assert moved.status_code == 409
    assert (await client.get(f"/v2/things/{thing['id']}", headers=tenant.headers)).json() == thing

    for mapping_id in (place_map, thing_map):
        gone = await client.delete(f"/v2/integrations/resource-mappings/{mapping_id}", headers=tenant.headers)
        assert gone.status_code == 204
    assert (await client.delete(f"/v2/things/{thing['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/places/{place['id']}", headers=tenant.headers)).status_code == 204


async def test_mappings_of_a_deleted_integration_do_not_block_deletes(client, tenant: Tenant) -> None:
    place = await make_place(client, tenant)
    home = await make_place(client, tenant, name="Home")
    thing = await make_thing(client, tenant, home["id"])
    integration_id = await _webhook(client, tenant)
    await _map(client, tenant, integration_id, place["path"], "site-1")
    await _map(client, tenant, integration_id, thing["path"], "meter-1")
    assert (await client.delete(f"/v2/integrations/{integration_id}", headers=tenant.headers)).status_code == 200

    assert (await client.delete(f"/v2/places/{place['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/things/{thing['id']}", headers=tenant.headers)).status_code == 204
    assert (await client.delete(f"/v2/places/{home['id']}", headers=tenant.headers)).status_code == 204


async def test_moved_thing_leaves_no_dead_mapping_blocking_its_old_place(client, tenant: Tenant) -> None:
    old_home = await make_place(client, tenant, name="Old home")
    new_home = await make_place(client, tenant, name="New home")
    thing = await make_thing(client, tenant, old_home["id"])
    integration_id = await _webhook(client, tenant)
    await _map(client, tenant, integration_id, thing["path"], "meter-1")
    assert (await client.delete(f"/v2/integrations/{integration_id}", headers=tenant.headers)).status_code == 200

    moved = await client.put(f"/v2/things/{thing['id']}", json={"placeId": new_home["id"]}, headers=tenant.headers)
    assert moved.status_code == 200, moved.text
    assert (await client.delete(f"/v2/places/{old_home['id']}", headers=tenant.headers)).status_code == 204


async def test_keys_and_scopes(client, tenant: Tenant) -> None:
    place = await make_place(client, tenant)
    thing = await make_thing(client, tenant, place["id"])

    for method, url, body in (
        ("GET", "/v2/places", None),
        ("POST", "/v2/places", {"name": "X"}),
        ("GET", f"/v2/things/{thing['id']}", None),
        ("DELETE", f"/v2/places/{place['id']}", None),
    ):
        anonymous = await client.request(method, url, json=body)
        assert anonymous.status_code == 401, (method, url)
        assert anonymous.headers["content-type"] == "application/problem+json"
        wrong = await client.request(method, url, json=body, headers={"X-Api-Key": "il_not-a-real-key"})
        assert wrong.status_code == 401

    read_only = tenant.key(tenant.read_only)
    assert (await client.get(f"/v2/places/{place['id']}", headers=read_only)).status_code == 200
    assert (await client.get("/v2/things", headers=read_only)).status_code == 200
    for method, url, body in (
        ("POST", "/v2/places", {"name": "X"}),
        ("PUT", f"/v2/places/{place['id']}", {"name": "Y"}),
        ("DELETE", f"/v2/things/{thing['id']}", None),
        ("POST", "/v2/things", {"name": "T", "kind": "meter", "placeId": place["id"]}),
        ("PUT", f"/v2/things/{thing['id']}", {"name": "Y"}),
        ("DELETE", f"/v2/places/{place['id']}", None),
    ):
        refused = await client.request(method, url, json=body, headers=read_only)
        assert refused.status_code == 403, (method, url, refused.text)

    write_only = tenant.key(tenant.write_only)
    for url in ("/v2/places", f"/v2/places/{place['id']}", "/v2/things", f"/v2/things/{thing['id']}"):
        assert (await client.get(url, headers=write_only)).status_code == 403, url
    made = await client.post("/v2/places", json={"name": "By writer"}, headers=write_only)
    assert made.status_code == 201

    assert (await client.get(f"/v2/places/{place['id']}", headers=tenant.headers)).json() == place
    assert (await client.get(f"/v2/things/{thing['id']}", headers=tenant.headers)).json() == thing


async def test_other_environment_sees_nothing(client, tenant: Tenant) -> None:
    place = await make_place(client, tenant)
    thing = await make_thing(client, tenant, place["id"])
    other = tenant.key(tenant.other_rw)

    assert (await client.get("/v2/places", headers=other)).json()["data"] == []
    assert (await client.get("/v2/things", headers=other)).json()["data"] == []
    for method, url, body in (
        ("GET", f"/v2/places/{place['id']}", None),
        ("PUT", f"/v2/places/{place['id']}", {"name": "Hijacked"}),
        ("DELETE", f"/v2/places/{place['id']}", None),
        ("GET", f"/v2/things/{thing['id']}", None),
        ("PUT", f"/v2/things/{thing['id']}", {"name": "Hijacked"}),
        ("DELETE", f"/v2/things/{thing['id']}", None),
    ):
        response = await client.request(method, url, json=body, headers=other)
        assert response.status_code == 404, (method, url, response.text)
    sub = await client.post("/v2/places", json={"name": "Sub", "parentId": place["id"]}, headers=other)
    assert sub.status_code == 422
    assert paths(sub) == ["parentId"]

    assert (await client.get(f"/v2/places/{place['id']}", headers=tenant.headers)).json() == place
    assert (await client.get(f"/v2/things/{thing['id']}", headers=tenant.headers)).json() == thing


@pytest.mark.parametrize("bad_id", ["nope", UNKNOWN_PLACE, "thg_01J00000000000000000000000"])
async def test_unknown_ids_are_404(client, tenant: Tenant, bad_id: str) -> None:
    assert (await client.get(f"/v2/places/{bad_id}", headers=tenant.headers)).status_code == 404
    assert (await client.get(f"/v2/things/{bad_id}", headers=tenant.headers)).status_code == 404
    assert (await client.put(f"/v2/places/{bad_id}", json={"name": "x"}, headers=tenant.headers)).status_code == 404
    assert (await client.delete(f"/v2/things/{bad_id}", headers=tenant.headers)).status_code == 404
