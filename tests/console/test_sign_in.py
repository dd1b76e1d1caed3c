"""Signing in and out: the cookie's flags, no key in it, CSRF on the sign-in form, expiry and revocation."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from interlink.core.errors import Unauthorized
from interlink.services import keys, sessions
from interlink.services.hub import Hub
from tests.conftest import Tenant
from tests.console.conftest import csrf_of, sign_in


async def test_signing_in_sets_a_secure_http_only_same_site_cookie_without_the_key(
    browser: httpx.AsyncClient, tenant: Tenant
) -> None:
    form = await browser.get("/console/sign-in")
    answer = await browser.post("/console/sign-in", data={"csrf_token": csrf_of(form.text), "api_key": tenant.rw})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/integrations"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("interlink_console="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite=strict", "path=/console"} <= flags
    value = cookie.split(";")[0].split("=", 1)[1]
    assert tenant.rw not in value and tenant.rw[3:20] not in value


async def test_pages_send_a_stranger_to_sign_in_and_back(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    answer = await browser.get("/console/messages?hours=6")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fmessages%3Fhours%3D6"
    form = await browser.get(answer.headers["location"])
    assert 'name="next" value="/console/messages?hours=6"' in form.text
    data = {"csrf_token": csrf_of(form.text), "api_key": tenant.read_only, "next": "/console/messages?hours=6"}
    signed = await browser.post("/console/sign-in", data=data)
    assert signed.headers["location"] == "/console/messages?hours=6"


async def test_sign_in_never_redirects_off_the_console(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    for target in ("https://evil.example/", "//evil.example/console/", "/v2/integrations", "/console\\@evil"):
        form = await browser.get("/console/sign-in")
        data = {"csrf_token": csrf_of(form.text), "api_key": tenant.rw, "next": target}
        answer = await browser.post("/console/sign-in", data=data)
        assert answer.headers["location"] == "/console/integrations"


async def test_a_wrong_key_is_refused_on_the_form(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    form = await browser.get("/console/sign-in")
    answer = await browser.post("/console/sign-in", data={"csrf_token": csrf_of(form.text), "api_key": "il_nope"})
    assert answer.status_code == 401
    assert "unknown or revoked" in answer.text
    assert "interlink_console=" not in answer.headers.get("set-cookie", "")
    empty = await browser.post("/console/sign-in", data={"csrf_token": csrf_of(form.text), "api_key": ""})
    assert empty.status_code == 401


async def test_the_sign_in_form_needs_its_csrf_token(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    await browser.get("/console/sign-in")
    missing = await browser.post("/console/sign-in", data={"api_key": tenant.rw})
    wrong = await browser.post("/console/sign-in", data={"api_key": tenant.rw, "csrf_token": "forged"})
    for answer in (missing, wrong):
        assert answer.status_code == 403
        assert "did not come from the console" in answer.text
        assert "interlink_console=" not in answer.headers.get("set-cookie", "")


async def test_sign_out_ends_the_session_even_for_a_copied_cookie(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    csrf = await sign_in(browser, tenant.rw)
    copied = browser.cookies["interlink_console"]
    refused = await browser.post("/console/sign-out", data={})
    assert refused.status_code == 403
    answer = await browser.post("/console/sign-out", data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert (await browser.get("/console/integrations")).status_code == 303
    browser.cookies.set("interlink_console", copied, domain="interlink.test", path="/console")
    assert (await browser.get("/console/integrations")).status_code == 303


async def test_the_database_keeps_no_session_token(browser: httpx.AsyncClient, hub: Hub, tenant: Tenant) -> None:
    await sign_in(browser, tenant.rw)
    token = browser.cookies["interlink_console"]
    async with hub.db.read() as session:
        rows = (await session.execute(text("SELECT id, api_key_id FROM console_sessions"))).all()
    assert rows and all(token not in str(row) for row in rows)


async def test_a_tampered_or_expired_session_or_a_revoked_key_signs_out(
    browser: httpx.AsyncClient, hub: Hub, tenant: Tenant
) -> None:
    await sign_in(browser, tenant.rw)
    token = browser.cookies["interlink_console"]
    for forged in (token[:-4] + "AAAA", "x" * 500, ""):
        browser.cookies.set("interlink_console", forged, domain="interlink.test", path="/console")
        assert (await browser.get("/console/integrations")).status_code == 303

    found, token = await sessions.sign_in(hub, tenant.rw)
    assert (await sessions.resume(hub, token)).caller == found.caller
    with pytest.raises(Unauthorized):
        await sessions.resume(hub, token, now=found.expires)

    browser.cookies.set("interlink_console", token, domain="interlink.test", path="/console")
    assert (await browser.get("/console/integrations")).status_code == 200
    await keys.revoke(hub, found.caller.actor)
    assert (await browser.get("/console/integrations")).status_code == 303


async def test_a_form_posted_without_a_session_changes_nothing(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    answer = await browser.post("/console/places", data={"name": "Sneaky"})
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/console/sign-in")
    places = (await client.get("/v2/places", headers=tenant.headers)).json()["data"]
    assert all(p["name"] != "Sneaky" for p in places)


async def test_pages_carry_a_strict_content_security_policy(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    await sign_in(browser, tenant.read_only)
    for path in ("/console/sign-in", "/console/integrations", "/console/messages"):
        headers = (await browser.get(path)).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"
    css = await browser.get("/console/static/console.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
