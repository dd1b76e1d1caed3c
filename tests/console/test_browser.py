"""The console in a real Chromium: sign in, the webhook wizard, an edit, a mapping, a test send, read-only."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import Tenant
from tests.console.live import chromium, require_chromium, serving, snap
from tests.receivers import Receiver, basic, wait_status


@pytest.fixture
def needs_chromium() -> None:
    require_chromium()


async def _sign_in(page, base: str, key: str) -> None:
    await page.goto(f"{base}/console")
    await page.get_by_label("API key").fill(key)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Integrations", level=1).wait_for()


async def test_a_person_configures_a_webhook_and_sends_a_test(
    needs_chromium, console_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, worker
) -> None:
    from playwright.async_api import expect

    place = await client.post("/v2/places", json={"name": "Plant 1"}, headers=tenant.headers)
    assert place.status_code == 201
    place_id = place.json()["id"]
    async with (
        Receiver(default=basic("ops", "pa55word")) as receiver,
        serving(console_app) as base,
        chromium() as browser,
    ):
        page = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
        await page.goto(f"{base}/console")
        await expect(page.get_by_role("heading", name="Sign in to Interlink")).to_be_visible()
        await snap(page, "01-sign-in")
        await _sign_in(page, base, tenant.rw)
        await snap(page, "02-integrations-empty")

        await page.get_by_role("link", name="Add integration").click()
        await expect(page.get_by_role("heading", name="Custom Integrations")).to_be_visible()
        await snap(page, "03-catalog")
        await page.get_by_label("Search", exact=True).fill("webhook")
        await page.get_by_role("button", name="Search").click()
        await page.get_by_role("link", name="Webhook", exact=True).click()

        await page.get_by_label("Integration name").fill("Ops hook")
        await page.get_by_label("Endpoint URL").fill(f"{receiver.url}/hooks/ops")
        await page.get_by_label("Authentication").select_option("BASIC")
        await page.get_by_label("Username").fill("ops")
        await page.get_by_role("button", name="Create integration").click()
        password_error = page.locator(".field.has-error", has=page.get_by_label("Password"))
        await expect(password_error.locator(".field-error")).to_have_text("is required")
        await expect(page.get_by_label("Integration name")).to_have_value("Ops hook")
        await snap(page, "04-wizard-error")

        await page.get_by_label("Username").fill("ops")
        await page.get_by_label("Password").fill("pa55word")
        await page.get_by_role("button", name="Create integration").click()
        await expect(page.get_by_text("shown once")).to_be_visible()
        await expect(page.locator("code", has_text=re.compile(r"^whsec_"))).to_be_visible()
        await snap(page, "05-created")
        await page.get_by_role("link", name="Go to the integration").click()

        await page.get_by_label("Integration name").fill("Ops hook (edited)")
        await page.get_by_role("button", name="Save changes").click()
        await expect(page.get_by_role("heading", name="Ops hook (edited)", level=1)).to_be_visible()
        await expect(page.get_by_role("status").first).to_have_text("Your changes were saved.")

        await page.get_by_label("External id").fill("meter-1")
        await page.get_by_label("Resource path").fill(f"places/{place_id}")
        await expect(page.get_by_text("✓ valid path")).to_be_visible()
        await page.get_by_role("button", name="Add mapping").click()
        mappings = page.locator("#mappings table")
        await expect(mappings).to_contain_text("meter-1")
        await expect(mappings).to_contain_text(f"places/{place_id}")

        await page.get_by_role("button", name="Send a test").click()
        log = page.locator("#log")
        await expect(log.locator('[data-field="status"]').first).to_have_text("succeeded", timeout=15_000)
        await expect(log).to_contain_text("HTTP 200")
        await snap(page, "06-detail-after-test-send")
        seen = await receiver.wait_for(1)
        assert seen[-1].path == "/hooks/ops"
        assert seen[-1].headers["Authorization"].startswith("Basic ")

        integration_id = page.url.split("/console/integrations/")[1].split("?")[0].split("#")[0]
        body = {"channel": "webhook", "text": "hello", "integrationId": integration_id}
        sent = (await client.post("/v2/messages", json=body, headers=tenant.headers)).json()
        await wait_status(client, tenant.headers, sent["id"], "delivered")
        await page.reload()
        await expect(log.locator("tbody tr", has_text=sent["id"])).to_contain_text("delivered")

        await page.get_by_role("navigation", name="Main").get_by_role("link", name="Integrations").click()
        row = page.locator("tbody tr", has_text="Ops hook (edited)")
        await expect(row).to_contain_text("stored: Password, Signing secret, Username")
        await expect(row).to_contain_text("delivered")
        await snap(page, "07-integrations-list")

        await page.get_by_role("navigation", name="Main").get_by_role("link", name="Messages").click()
        await expect(page.locator("figure.chart svg rect").first).to_be_attached()
        await snap(page, "08-messages")
        await page.get_by_role("link", name=sent["id"]).click()
        await expect(page.get_by_role("heading", name="Attempts")).to_be_visible()
        await snap(page, "09-message")

        await page.get_by_role("navigation", name="Main").get_by_role("link", name="Places & Things").click()
        await page.get_by_label("Name").fill("Depot")
        await page.get_by_label("Time zone").fill("Europe/Berlin")
        await page.get_by_role("button", name="Create place").click()
        await expect(page.get_by_role("heading", name="Depot", level=1)).to_be_visible()
        await page.get_by_label("Name").first.fill("Meter A")
        await page.get_by_label("Kind").fill("meter")
        await page.get_by_role("button", name="Add thing").click()
        await expect(page.locator("ul.resources")).to_contain_text("Meter A")
        await snap(page, "10-place")
        await page.get_by_role("link", name="Meter A").click()
        await snap(page, "11-thing")
        await page.get_by_role("navigation", name="Main").get_by_role("link", name="Places & Things").click()
        await snap(page, "12-places")

        phone = await (await browser.new_context(viewport={"width": 390, "height": 844})).new_page()
        await _sign_in(phone, base, tenant.rw)
        await phone.goto(f"{base}/console/integrations/{integration_id}")
        await snap(phone, "14-detail-phone")

        await page.goto(f"{base}/console/integrations/{integration_id}")
        await page.get_by_role("link", name="Delete…").click()
        await snap(page, "13-delete-confirm")
        await page.get_by_role("button", name="Yes, delete it").click()
        await expect(page.get_by_role("status").first).to_have_text("The integration was deleted.")


async def test_a_read_only_key_sees_every_page_and_no_write_button(
    needs_chromium, console_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    from playwright.async_api import expect

    from tests.api.helpers import create

    made = await create(client, tenant)
    async with serving(console_app) as base, chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
        await _sign_in(page, base, tenant.read_only)
        await expect(page.get_by_text("read-only")).to_be_visible()
        for path, name in (
            ("/console/integrations", "20-read-only-list"),
            (f"/console/integrations/{made['id']}", "21-read-only-detail"),
            ("/console/integrations/new", "22-read-only-catalog"),
            ("/console/messages", "23-read-only-messages"),
            ("/console/places", "24-read-only-places"),
        ):
            await page.goto(base + path)
            await expect(page.locator("h1")).to_be_visible()
            writes = page.locator("main form[method=post], main a.button")
            await expect(writes).to_have_count(0)
            await snap(page, name)
