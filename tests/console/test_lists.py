"""The integrations list's filters and the catalog's, as a person uses them (plain HTTP)."""

from __future__ import annotations

import httpx

from tests.api.helpers import create
from tests.conftest import Tenant
from tests.console.conftest import sign_in


async def test_the_list_filters_by_direction_channel_type_active_and_name(
    browser: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    hook = await create(client, tenant, name="Alpha hook")
    mail = await create(client, tenant, "sendgrid", name="Beta mail", active=False)
    inbound = await create(client, tenant, "inbound_webhook", name="Gamma alerts")
    await sign_in(browser, tenant.read_only)

    async def shown(**params: str) -> set[str]:
        page = (await browser.get("/console/integrations", params=params)).text
        return {r["id"] for r in (hook, mail, inbound) if r["id"] in page}

    assert await shown() == {hook["id"], mail["id"], inbound["id"]}
    assert await shown(direction="INGRESS") == {inbound["id"]}
    assert await shown(channel="email") == {mail["id"]}
    assert await shown(type="webhook") == {hook["id"]}
    assert await shown(active="no") == {mail["id"]}
    assert await shown(active="yes", direction="EGRESS") == {hook["id"]}
    assert await shown(q="beta") == {mail["id"]}
    page = (await browser.get("/console/integrations", params={"q": "beta"})).text
    assert 'value="beta"' in page and "1 integration<" in page
    assert "missing: API key" not in page  # the SendGrid key is stored
    assert "stored: API key" in page


async def test_the_catalog_searches_and_filters_by_direction(browser: httpx.AsyncClient, tenant: Tenant) -> None:
    await sign_in(browser, tenant.rw)
    inbound = (await browser.get("/console/integrations/new", params={"direction": "INGRESS"})).text
    assert "Inbound webhook" in inbound and "SendGrid" not in inbound
    found = (await browser.get("/console/integrations/new", params={"q": "slack"})).text
    assert 'href="/console/integrations/new/slack"' in found and "SendGrid" not in found
    assert "No custom type matches." in found
