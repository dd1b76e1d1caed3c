"""Console fixtures: a browser-like HTTP client (cookies, https) per test, and signing in with a key."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from interlink.app import create_app
from interlink.services.hub import Hub

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def console_app(hub: Hub) -> FastAPI:
    return create_app(hub)


@pytest.fixture
async def browser(console_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with its own cookie jar, over https so the secure session cookie is sent back."""
    transport = httpx.ASGITransport(app=console_app)
    async with httpx.AsyncClient(transport=transport, base_url="https://interlink.test") as http:
        yield http


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


async def sign_in(http: httpx.AsyncClient, key: str) -> str:
    """Sign in through the form and return the session's CSRF token."""
    form = await http.get("/console/sign-in")
    assert form.status_code == 200
    answer = await http.post("/console/sign-in", data={"csrf_token": csrf_of(form.text), "api_key": key})
    assert answer.status_code == 303, answer.text
    page = await http.get("/console/integrations")
    assert page.status_code == 200, page.text
    return csrf_of(page.text)
