"""The console refuses another environment's ids exactly as the API does, and changes nothing there."""

from __future__ import annotations

import httpx

from tests.conftest import Tenant
from tests.console.conftest import sign_in
from tests.console.world import make_world, snapshot


async def test_another_environments_ids_get_the_apis_answer(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    mine = await make_world(client, tenant.headers)
    theirs = await make_world(client, tenant.key(tenant.other_rw))
    csrf = await sign_in(browser, tenant.rw)
    before = await snapshot(client, tenant.key(tenant.other_rw), theirs)
    iid, pid, tid = theirs.integration["id"], theirs.place["id"], theirs.thing["id"]
    mid, msg = theirs.mapping["id"], theirs.message["id"]
    api = tenant.headers
    pairs = [
        (("GET", f"/console/integrations/{iid}", None), ("GET", f"/v2/integrations/{iid}", None)),
        (
            ("POST", f"/console/integrations/{iid}/edit", {"name": "x"}),
            ("PUT", f"/v2/integrations/{iid}", {"name": "x"}),
        ),
        (("POST", f"/console/integrations/{iid}/delete", {}), ("DELETE", f"/v2/integrations/{iid}", None)),
        (("GET", f"/console/integrations/{iid}/delete", None), ("GET", f"/v2/integrations/{iid}", None)),
        (("POST", f"/console/integrations/{iid}/primary", {}), ("POST", f"/v2/integrations/{iid}/set-primary", None)),
        (
            ("POST", f"/console/integrations/{iid}/actions/test-send", {}),
            ("POST", f"/v2/integrations/{iid}/actions/test-send", None),
        ),
        (
            ("POST", f"/console/integrations/{iid}/mappings", {"externalId": "e", "resourcePath": f"places/{pid}"}),
            (
                "POST",
                "/v2/integrations/resource-mappings",
                {"integrationId": iid, "externalId": "e", "resourcePath": f"places/{pid}"},
            ),
        ),
        (
            ("POST", f"/console/integrations/{mine.integration['id']}/mappings/{mid}/delete", {}),
            ("DELETE", f"/v2/integrations/resource-mappings/{mid}", None),
        ),
        (
            (
                "POST",
                f"/console/integrations/{mine.integration['id']}/mappings",
                {"externalId": "e", "resourcePath": f"places/{pid}"},
            ),
            (
                "POST",
                "/v2/integrations/resource-mappings",
                {"integrationId": mine.integration["id"], "externalId": "e", "resourcePath": f"places/{pid}"},
            ),
        ),
        (("GET", f"/console/messages/{msg}", None), ("GET", f"/v2/messages/{msg}", None)),
        (("POST", f"/console/messages/{msg}/redeliver", {}), ("POST", f"/v2/messages/{msg}/redeliver", None)),
        (("GET", f"/console/places/{pid}", None), ("GET", f"/v2/places/{pid}", None)),
        (("POST", f"/console/places/{pid}", {"name": "x"}), ("PUT", f"/v2/places/{pid}", {"name": "x"})),
        (
            ("POST", f"/console/places/{pid}/things", {"name": "t", "kind": "meter"}),
            ("POST", "/v2/things", {"name": "t", "kind": "meter", "placeId": pid}),
        ),
        (("GET", f"/console/things/{tid}", None), ("GET", f"/v2/things/{tid}", None)),
        (
            ("POST", f"/console/things/{tid}", {"name": "t", "kind": "meter", "placeId": pid}),
            ("PUT", f"/v2/things/{tid}", {"name": "t", "kind": "meter", "placeId": pid}),
        ),
        (
            ("POST", "/console/places", {"name": "child", "parentId": pid}),
            ("POST", "/v2/places", {"name": "child", "parentId": pid}),
        ),
    ]
    for (method, path, form), (api_method, api_path, body) in pairs:
        if method == "GET":
            page = await browser.get(path)
        else:
            page = await browser.post(path, data={**(form or {}), "csrf_token": csrf})
        answer = await client.request(api_method, api_path, json=body, headers=api)
        assert answer.status_code in (404, 422), (api_path, answer.status_code)
        assert page.status_code == answer.status_code, (path, page.status_code, answer.status_code)
        assert page.headers["content-type"].startswith("text/html")
        for error in answer.json().get("errors", []):
            assert error["message"].replace("'", "&#39;") in page.text, (path, error)
    assert await snapshot(client, tenant.key(tenant.other_rw), theirs) == before


async def test_the_console_lists_only_its_own_environment(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    mine = await make_world(client, tenant.headers)
    theirs = await make_world(client, tenant.key(tenant.other_rw))
    await sign_in(browser, tenant.rw)
    for path in ("/console/integrations", "/console/places", "/console/messages"):
        page = (await browser.get(path)).text
        for record in (theirs.integration, theirs.place, theirs.thing, theirs.message):
            assert record["id"] not in page, path
    assert mine.integration["id"] in (await browser.get("/console/integrations")).text
