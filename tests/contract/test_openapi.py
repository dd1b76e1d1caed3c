"""``/openapi.json`` describes the API as it answers: every success body, every error body per face."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import Tenant

CAMPAIGN = re.compile(r"^/[^/]+/api/integration(/|$)")
ERRORS = ("400", "401", "403", "404", "409", "413", "422")


@pytest.fixture(scope="module")
async def document(client) -> dict[str, Any]:
    got = await client.get("/openapi.json")
    assert got.status_code == 200
    return got.json()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in document["paths"].items() for method, op in item.items()]


async def test_every_operation_declares_its_success_body(document) -> None:
    for path, method, op in operations(document):
        success = {code: r for code, r in op["responses"].items() if code.startswith("2")}
        assert success, f"{method} {path} declares no success response"
        for code, response in success.items():
            if code == "204":
                continue
            schema = next(iter(response.get("content", {}).values()), {}).get("schema")
            assert schema, f"{method} {path} {code} has no schema"


async def test_errors_are_documented_in_each_faces_shape(document) -> None:
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, method, op in operations(document):
        for code in ERRORS:
            content = op["responses"][code]["content"]
            if path.startswith("/v2"):
                assert content == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
            elif path.startswith("/v1"):
                assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/NovuError"}
            elif path.startswith("/api/v4/"):
                assert content == {"application/json": {"schema": {"$ref": "#/components/schemas/PagerTreeError"}}}
            else:
                assert CAMPAIGN.match(path), f"{path} belongs to no known face"
                assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/CampaignError"}, method


async def test_the_faces_declare_the_bodies_they_read(document) -> None:
    for path, method in (("/v1/integrations", "post"), ("/v1/integrations/{integrationId}", "put")):
        assert document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    for path, item in document["paths"].items():
        if path.startswith("/api/v4/"):
            for method in {"post", "put"} & set(item):
                assert item[method]["requestBody"]["required"] is True, f"{method} {path}"
    schemas = document["components"]["schemas"]
    create = schemas["PagerTreeIntegrationCreate"]
    assert set(create["required"]) == {"name", "urgency", "integration_type_id"}
    assert "^option_" in create["patternProperties"] and create["additionalProperties"] is True
    assert {"account_user_ids", "router_ids", "team_ids", "enabled"} <= set(create["properties"])
    update = schemas["PagerTreeIntegrationUpdate"]
    assert "required" not in update and "^option_" in update["patternProperties"]
    assert update["properties"]["enabled"]["type"] == "boolean"  # null is refused, so it is not documented
    assert document["paths"]["/{locale}/api/integration"]["post"]["requestBody"]["required"] is True


async def test_a_date_time_parameter_takes_only_date_times(client, tenant: Tenant) -> None:
    refused = await client.get("/v2/messages", params={"until": "0.5"}, headers=tenant.headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["path"] == "until"
    accepted = await client.get("/v2/messages", params={"until": "2030-01-01T00:00:00Z"}, headers=tenant.headers)
    assert accepted.status_code == 200


async def test_the_pagertree_face_documents_its_own_objects_and_pagination(document) -> None:
    paths = document["paths"]
    envelope = paths["/api/v4/integrations"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert envelope == {"$ref": "#/components/schemas/PagerTreeIntegrationList"}
    listing = document["components"]["schemas"]["PagerTreeIntegrationList"]
    assert set(listing["required"]) == {"data", "has_more", "total_count"}
    for path, item in paths.items():
        if path.startswith("/api/v4/") and "{" not in path:
            names = {p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"}
            assert names == {"limit", "offset", "page"}, path
    created = paths["/api/v4/integrations"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/PagerTreeIntegration"}
