"""Every console form: refused without its CSRF token, refused to a read-only key, and nothing changes."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Tenant
from tests.console.conftest import sign_in
from tests.console.world import make_world, snapshot


@pytest.mark.parametrize("token", [None, "", "forged-token"])
async def test_every_form_needs_the_sessions_csrf_token(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant, token: str | None
) -> None:
    world = await make_world(client, tenant.headers)
    await sign_in(browser, tenant.rw)
    before = await snapshot(client, tenant.headers, world)
    for path, data in [*world.forms(), ("/console/sign-out", {})]:
        body = data if token is None else {**data, "csrf_token": token}
        answer = await browser.post(path, data=body)
        assert answer.status_code == 403, (path, answer.status_code)
        assert "did not come from the console" in answer.text
    assert await snapshot(client, tenant.headers, world) == before
    assert (await browser.get("/console/integrations")).status_code == 200  # still signed in


async def test_another_sessions_csrf_token_is_refused(
    browser: httpx.AsyncClient, console_app, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    world = await make_world(client, tenant.headers)
    other_token = await sign_in(browser, tenant.rw)
    await sign_in(browser, tenant.rw)  # a new session, a new token
    path, data = world.forms()[1]
    answer = await browser.post(path, data={**data, "csrf_token": other_token})
    assert answer.status_code == 403


async def test_a_read_only_key_can_write_nothing_and_sees_no_write_form(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    world = await make_world(client, tenant.headers)
    csrf = await sign_in(browser, tenant.read_only)
    before = await snapshot(client, tenant.headers, world)
    for path, data in world.forms():
        answer = await browser.post(path, data={**data, "csrf_token": csrf})
        assert answer.status_code == 403, (path, answer.status_code, answer.text[-500:])
        assert "lacks the &#39;write&#39; scope" in answer.text
    assert await snapshot(client, tenant.headers, world) == before
    iid, pid = world.integration["id"], world.place["id"]
    for path in (
        "/console/integrations",
        "/console/integrations/new",
        f"/console/integrations/{iid}",
        f"/console/integrations/{iid}/delete",
        "/console/messages",
        f"/console/messages/{world.message['id']}",
        "/console/places",
        f"/console/places/{pid}",
        f"/console/things/{world.thing['id']}",
    ):
        page = await browser.get(path)
        assert page.status_code == 200, path
        main = page.text.split('<main id="main"', 1)[1]
        assert 'method="post"' not in main, path
        assert "Add integration" not in main and f"/console/integrations/{iid}/delete" not in main, path


async def test_a_write_only_key_is_told_it_cannot_read(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    form = await browser.get("/console/sign-in")
    from tests.console.conftest import csrf_of

    await browser.post("/console/sign-in", data={"csrf_token": csrf_of(form.text), "api_key": tenant.write_only})
    page = await browser.get("/console/integrations")
    assert page.status_code == 403
    assert "lacks the &#39;read&#39; scope" in page.text
