"""Bad input on every console form: the right status, the message beside the failing field, nothing changed."""

from __future__ import annotations

import re

import httpx
import pytest

from interlink.services import tenants
from interlink.services.hub import Hub
from tests.conftest import Tenant
from tests.console.conftest import sign_in
from tests.console.world import World, make_world, snapshot

WEBHOOK = {"name": "Hook", "prop.url": "https://hooks.example.com/in", "active": "1"}


def error_beside(html: str, field: str) -> str:
    """The message shown next to ``field`` (its ``err-…`` paragraph), failing when there is none."""
    found = re.search(rf'<p class="field-error" id="err-{re.escape(field)}">([^<]*)</p>', html)
    assert found, f"no error shown beside {field}"
    return found.group(1)


@pytest.fixture
async def signed(browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant) -> tuple[World, str]:
    world = await make_world(client, tenant.headers)
    return world, await sign_in(browser, tenant.rw)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"prop.url": "not a url"}, "prop-url", "must be an http(s) URL"),
        ({"prop.authType": "BASIC", "prop.username": "ops"}, "prop-password", "is required"),
        ({"prop.authType": "TOKEN"}, "prop-authType", "must be one of NONE, BASIC, DIGEST"),
        ({"prop.timeoutSeconds": "ten"}, "prop-timeoutSeconds", "must be an integer"),
        ({"prop.headers": "no colon here"}, "prop-headers", "line 1 must read Name: value"),
        ({"prop.signingSecret": "whsec_short"}, "prop-signingSecret", "must be whsec_ secrets"),
        ({"meta_key": "team", "meta_value": "x" * 1001}, "metadata-team", "at most 1000 characters"),
        ({"name": "x" * 201}, "name", "must be 1 to 200 characters"),
    ],
)
async def test_the_wizard_shows_the_services_errors_beside_their_fields(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, signed, form, field, message
) -> None:
    world, csrf = signed
    before = await snapshot(client, tenant.headers, world)
    secret = {} if "prop.username" in form else {"prop.password": "pw-S3cret!"}  # else the password is missing
    answer = await browser.post(
        "/console/integrations/new/webhook", data={**WEBHOOK, **form, **secret, "csrf_token": csrf}
    )
    assert answer.status_code == 422
    assert message in error_beside(answer.text, field)
    assert 'role="alert"' in answer.text
    assert "pw-S3cret!" not in answer.text  # a secret is never filled back
    assert await snapshot(client, tenant.headers, world) == before


async def test_the_wizard_keeps_what_was_typed_except_secrets(browser: httpx.AsyncClient, signed) -> None:
    _, csrf = signed
    data = {**WEBHOOK, "name": "Kept name", "prop.url": "nope", "prop.password": "pw-S3cret!", "csrf_token": csrf}
    data["meta_key"], data["meta_value"] = "team", "ops"
    answer = await browser.post("/console/integrations/new/webhook", data=data)
    assert answer.status_code == 422
    assert 'value="Kept name"' in answer.text and 'value="nope"' in answer.text
    assert 'value="team"' in answer.text and 'value="ops"' in answer.text
    assert "pw-S3cret!" not in answer.text


async def test_nul_characters_and_unknown_types_are_refused(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, signed
) -> None:
    world, csrf = signed
    before = await snapshot(client, tenant.headers, world)
    nul = await browser.post(
        "/console/integrations/new/webhook", data={**WEBHOOK, "name": "a\x00b", "csrf_token": csrf}
    )
    assert nul.status_code == 422 and "NUL" in nul.text
    for method in ("GET", "POST"):
        unknown = await browser.request(
            method, "/console/integrations/new/nope", data={"csrf_token": csrf} if method == "POST" else None
        )
        assert unknown.status_code == 422
        assert "is not a type in the catalog" in unknown.text
    assert await snapshot(client, tenant.headers, world) == before


async def test_a_custom_type_not_enabled_is_shown_disabled_with_the_operator_prompt(
    browser: httpx.AsyncClient, hub: Hub, tenant: Tenant, signed
) -> None:
    _, csrf = signed
    catalog = await browser.get("/console/integrations/new")
    custom = catalog.text.split("Custom Integrations", 1)[1]
    assert "Utility data" in custom and "Disabled" in custom and "contact your Interlink operator" in custom
    assert 'href="/console/integrations/new/utility_data"' not in catalog.text
    disabled = (await browser.get("/console/integrations/new?availability=disabled")).text
    assert disabled.count('<li class="card disabled"') == disabled.count('<li class="card') >= 1
    assert "Utility data" in disabled and "Webhook" not in disabled
    form = await browser.get("/console/integrations/new/utility_data")
    assert form.status_code == 403 and "contact your Interlink operator" in form.text
    posted = await browser.post("/console/integrations/new/utility_data", data={"name": "U", "csrf_token": csrf})
    assert posted.status_code == 403 and "contact your Interlink operator" in posted.text

    await tenants.enable_type(hub, tenant.organization_id, "utility_data")
    catalog = await browser.get("/console/integrations/new?q=utility")
    assert 'href="/console/integrations/new/utility_data"' in catalog.text
    assert "Webhook" not in catalog.text


async def test_a_locked_property_is_shown_locked_and_a_forged_change_is_refused(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, hub: Hub, tenant: Tenant, signed
) -> None:
    world, csrf = signed
    await tenants.enable_type(hub, tenant.organization_id, "utility_data")
    thing_path = f"places/{world.place['id']}/things/{world.thing['id']}"
    form = await browser.get("/console/integrations/new/utility_data")
    assert f'<option value="{thing_path}">' in form.text  # the Meter picker offers Things
    assert f'<option value="places/{world.place["id"]}">' not in form.text  # and no Places
    data = {
        "name": "Meter feed",
        "prop.utilityName": "City Power",
        "prop.accountNumber": "ACC-1",
        "prop.apiToken": "tok-S3cret",
        "prop.meter": f"places/{world.place['id']}",
        "active": "1",
        "csrf_token": csrf,
    }
    wrong_kind = await browser.post("/console/integrations/new/utility_data", data=data)
    assert wrong_kind.status_code == 422
    assert "must point at a thing" in error_beside(wrong_kind.text, "prop-meter")
    created = await browser.post("/console/integrations/new/utility_data", data={**data, "prop.meter": thing_path})
    assert created.status_code == 303, created.text
    detail_url = created.headers["location"].split("?")[0]
    detail = await browser.get(detail_url)
    assert re.search(
        r'id="f-prop-accountNumber" name="prop.accountNumber" type="text" value="ACC-1" disabled', detail.text
    )
    assert "locked after create" in detail.text
    assert "tok-S3cret" not in detail.text
    forged = await browser.post(
        f"{detail_url}/edit",
        data={"name": "Meter feed", "prop.accountNumber": "ACC-2", "active": "1", "csrf_token": csrf},
    )
    assert forged.status_code == 422
    assert "cannot be changed after the integration is created" in error_beside(forged.text, "prop-accountNumber")
    record = (await client.get(f"/v2/integrations/{detail_url.rsplit('/', 1)[1]}", headers=tenant.headers)).json()
    assert record["properties"]["accountNumber"] == "ACC-1" and record["credentials"] == {"apiToken": "set"}


async def test_editing_refuses_bad_values_and_keeps_secrets_unless_changed(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, signed
) -> None:
    world, csrf = signed
    url = f"/console/integrations/{world.integration['id']}"
    before = await snapshot(client, tenant.headers, world)
    for form, field, message in (
        ({"name": ""}, "name", "must be 1 to 200 characters"),
        ({"prop.url": "ftp://x"}, "prop-url", "must be an http(s) URL"),
        ({"prop.authType": "DIGEST"}, "prop-username", "is required"),
    ):
        answer = await browser.post(f"{url}/edit", data={"name": "Hook", "active": "1", **form, "csrf_token": csrf})
        assert answer.status_code == 422, form
        assert message in error_beside(answer.text, field)
    assert await snapshot(client, tenant.headers, world) == before

    kept = await browser.post(
        f"{url}/edit",
        data={"name": "Hook 2", "prop.url": world.integration["properties"]["url"], "active": "1", "csrf_token": csrf},
    )
    assert kept.status_code == 303
    record = (await client.get(f"/v2/integrations/{world.integration['id']}", headers=tenant.headers)).json()
    assert record["name"] == "Hook 2" and record["credentials"] == {"signingSecret": "set"}


async def test_mapping_input_is_validated(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, signed
) -> None:
    world, csrf = signed
    url = f"/console/integrations/{world.integration['id']}/mappings"
    before = await snapshot(client, tenant.headers, world)
    place = world.place["id"]
    for form, status, field, message in (
        ({"externalId": "e1", "resourcePath": "nowhere"}, 422, "resourcePath", "must read places/{placeId}"),
        (
            {"externalId": "e1", "resourcePath": "places/plc_01ARZ3NDEKTSV4RRFFQ69G5FAV"},
            422,
            "resourcePath",
            "does not exist",
        ),
        ({"externalId": "", "resourcePath": f"places/{place}"}, 422, "externalId", "must be 1 to 200 characters"),
        ({"externalId": "ext-1", "resourcePath": f"places/{place}"}, 409, "externalId", "is already mapped"),
    ):
        answer = await browser.post(url, data={**form, "csrf_token": csrf})
        assert answer.status_code == status, (form, answer.text[-400:])
        assert message in error_beside(answer.text, field)
    assert await snapshot(client, tenant.headers, world) == before
    checked = await browser.get("/console/resources/validate", params={"path": "nowhere"})
    assert checked.json() == {
        "path": "nowhere",
        "valid": False,
        "reason": "must read places/{placeId} or places/{placeId}/things/{thingId}",
    }


async def test_actions_primary_and_redeliver_refuse_what_the_service_refuses(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, hub: Hub, tenant: Tenant, signed
) -> None:
    world, csrf = signed
    iid = world.integration["id"]
    unsupported = await browser.post(f"/console/integrations/{iid}/actions/backfill", data={"csrf_token": csrf})
    assert unsupported.status_code == 422 and "does not support the action" in unsupported.text
    inbound = await client.post(
        "/v2/integrations", json={"name": "In", "type": "inbound_webhook"}, headers=tenant.headers
    )
    primary = await browser.post(f"/console/integrations/{inbound.json()['id']}/primary", data={"csrf_token": csrf})
    assert primary.status_code == 422 and "Only outbound (EGRESS) integrations have a primary" in primary.text
    message = await client.get(f"/v2/messages/{world.message['id']}", headers=tenant.headers)
    if message.json()["status"] != "failed":
        again = await browser.post(f"/console/messages/{world.message['id']}/redeliver", data={"csrf_token": csrf})
        assert again.status_code == 409 and "Only failed messages can be redelivered" in again.text


async def test_places_and_things_refuse_bad_input(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, signed
) -> None:
    world, csrf = signed
    before = await snapshot(client, tenant.headers, world)
    place_url = f"/console/places/{world.place['id']}"
    for url, form, field, message in (
        ("/console/places", {"name": ""}, "name", "is required"),
        ("/console/places", {"name": "P", "latitude": "north"}, "latitude", "must be a number"),
        ("/console/places", {"name": "P", "latitude": "91"}, "latitude", "must be between -90 and 90"),
        ("/console/places", {"name": "P", "timezone": "Mars/Base"}, "timezone", "must be an IANA time zone"),
        ("/console/places", {"name": "P", "parentId": "plc_nope"}, "parentId", "does not exist"),
        (place_url, {"name": "P", "longitude": "181"}, "longitude", "must be between -180 and 180"),
        (place_url, {"name": "P", "parentId": world.place["id"]}, "parentId", ""),
        (f"{place_url}/things", {"name": "T"}, "kind", "is required"),
        (
            f"/console/things/{world.thing['id']}",
            {"name": "T", "kind": "", "placeId": world.place["id"]},
            "kind",
            "is required",
        ),
    ):
        answer = await browser.post(url, data={**form, "csrf_token": csrf})
        assert answer.status_code == 422, (url, form, answer.status_code)
        assert message in error_beside(answer.text, field), (url, form)
    assert await snapshot(client, tenant.headers, world) == before


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/console/integrations?direction=SIDEWAYS", "must be one of INGRESS, EGRESS"),
        ("/console/integrations?active=maybe", "must be yes or no"),
        ("/console/integrations/new?availability=soon", "must be available or disabled"),
        ("/console/messages?hours=7", "must be one of 1, 3, 6, 12, 24"),
        ("/console/messages?since=yesterday", "must be a date and time"),
        ("/console/messages?status=lost", "must be one of queued, sending, delivered, failed"),
        (f"/console/integrations?q={'x' * 201}", "must be at most 200 characters"),
    ],
)
async def test_bad_filters_are_named(browser: httpx.AsyncClient, signed, path: str, message: str) -> None:
    answer = await browser.get(path)
    assert answer.status_code == 422
    assert message in answer.text
