"""A credential given over HTTP is never stored, logged or answered in clear, yet decrypts for a sender."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from interlink.core.crypto import CryptoError
from interlink.core.logs import JsonFormatter
from interlink.sdk.signing import new_secret
from interlink.services import integrations
from interlink.services.caller import Caller
from interlink.store.tables import Base
from tests.conftest import PG_ENV, Tenant

URL = "/v2/integrations"


def webhook(password: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Canary hook",
        "type": "webhook",
        "properties": {"url": "https://hooks.example.com/in", "authType": "BASIC"},
        "credentials": {"username": "ops", "password": password},
    }
    body.update(extra)
    return body


def caller_of(tenant: Tenant) -> Caller:
    return Caller(tenant.organization_id, tenant.env_id, "test", frozenset({"read", "write"}))


async def stored_text(hub) -> str:
    """Every row of every table, as text: what a database dump would show."""
    chunks: list[str] = []
    async with hub.db.read() as session:
        for table in Base.metadata.sorted_tables:
            if hub.db.is_sqlite:
                rows = await session.execute(text(f'SELECT * FROM "{table.name}"'))
                chunks.extend(repr(tuple(row)) for row in rows)
            else:
                rows = await session.execute(text(f'SELECT row_to_json(t)::text FROM "{table.name}" t'))
                chunks.extend(row[0] for row in rows)
    return "\n".join(chunks)


def database_files(hub) -> list[Path]:
    database = make_url(hub.db.url).database
    assert database
    main = Path(database)
    return [p for p in (main, Path(f"{main}-wal")) if p.exists()]


async def test_a_credential_never_appears_in_clear(client, hub, tenant: Tenant, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="interlink")
    canary = f"canary-{secrets.token_hex(12)}"
    signing_secret = new_secret()  # a valid whsec_ secret is a canary of its own
    needles = (canary, signing_secret.removeprefix("whsec_"))
    seen: list[httpx.Response] = []

    async def send(method: str, url: str, **kwargs: Any) -> httpx.Response:
        response = await client.request(method, url, headers={**tenant.headers, **kwargs.pop("headers", {})}, **kwargs)
        seen.append(response)
        return response

    # Stored: in credentials, in properties, under an Idempotency-Key, and by an update.
    visible = f"visible-{secrets.token_hex(12)}"  # a plain value: proves the searches below can find text
    first = await send("POST", URL, json=webhook(f"{canary}-1", name=visible))
    assert first.status_code == 201, first.text
    in_properties = webhook("ignored")
    in_properties["properties"]["password"] = f"{canary}-2"
    del in_properties["credentials"]["password"]
    second = await send("POST", URL, json=in_properties)
    assert second.status_code == 201, second.text
    third = await send("POST", URL, json=webhook(f"{canary}-3"), headers={"Idempotency-Key": secrets.token_hex(8)})
    assert third.status_code == 201, third.text
    replay = await send("POST", URL, json=webhook(f"{canary}-3"), headers={"Idempotency-Key": "fixed-key"})
    replayed = await send("POST", URL, json=webhook(f"{canary}-3"), headers={"Idempotency-Key": "fixed-key"})
    assert replay.status_code == replayed.status_code == 201
    first_id = first.json()["id"]
    updated = await send("PUT", f"{URL}/{first_id}", json={"credentials": {"password": f"{canary}-4"}})
    assert updated.status_code == 200, updated.text
    signing = await send("PUT", f"{URL}/{second.json()['id']}", json={"properties": {"signingSecret": signing_secret}})
    assert signing.status_code == 200, signing.text

    # Refused, each with the canary in the request.
    failures = [
        await send("POST", URL, json=webhook(canary, properties={"url": "not a url", "authType": "BASIC"})),
        await send("POST", URL, json=webhook(canary, type="no_such_type")),
        await send("POST", URL, json=webhook(canary, identifier=first.json()["identifier"])),
        await send("POST", URL, json=webhook(canary, credentials={"password": canary, "token": canary})),
        await send("POST", URL, json=webhook(canary, credentials={"password": {"value": canary}})),
        await send("POST", URL, json=webhook(canary * 100)),
        await send("POST", URL, json=webhook(canary, colour=canary)),
        await send(
            "POST", URL, json=webhook(canary, properties={"url": "https://x.example", "headers": {"A": canary + "\n"}})
        ),
        await send("POST", URL, content=f'{{"name": "x", "credentials": {{"password": "{canary}"'.encode()),
        await send("POST", URL, json=webhook(canary + "-other"), headers={"Idempotency-Key": "fixed-key"}),
        await send("PUT", f"{URL}/{first_id}", json={"credentials": {"password": canary}, "name": ""}),
        await send("PUT", f"{URL}/{first_id}", json={"credentials": {"password": canary}, "active": "yes"}),
        await send("PUT", f"{URL}/int_01J00000000000000000000000", json={"credentials": {"password": canary}}),
        await send("POST", URL, json=webhook(canary), headers={"X-Api-Key": tenant.read_only}),
        await send("POST", URL, json=webhook(canary), headers={"X-Api-Key": f"il_{canary}"}),
    ]
    assert all(400 <= r.status_code < 500 for r in failures), [(r.status_code, r.text) for r in failures]
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in failures)

    listed = await send("GET", URL)
    for record in listed.json()["data"]:
        await send("GET", f"{URL}/{record['id']}")
    await send("GET", "/v2/audit-events", params={"limit": 200})

    for response in seen:
        for needle in needles:
            assert needle not in response.text, (response.request.method, response.request.url, response.text)
            assert all(needle not in value for value in response.headers.values())
    assert first.json()["credentials"] == {"password": "set", "signingSecret": "set", "username": "set"}

    formatter = JsonFormatter()
    assert caplog.records, "the request log should have captured lines"
    for record in caplog.records:
        assert all(n not in formatter.format(record) for n in needles), record.name
    assert all(n not in caplog.text for n in needles)

    dump = await stored_text(hub)
    assert visible in dump
    assert all(n not in dump for n in needles)
    if not os.environ.get(PG_ENV):
        raw = {path.name: path.read_bytes() for path in database_files(hub)}
        assert any(visible.encode() in content for content in raw.values())
        for name, content in raw.items():
            assert all(n.encode() not in content for n in needles), name

    caller = caller_of(tenant)
    first_credentials = await integrations.credentials_of(hub, await integrations.get(hub, caller, first_id))
    assert {k: first_credentials[k] for k in ("username", "password")} == {"username": "ops", "password": f"{canary}-4"}
    second_record = await integrations.get(hub, caller, second.json()["id"])
    assert await integrations.credentials_of(hub, second_record) == {
        "username": "ops",
        "password": f"{canary}-2",
        "signingSecret": signing_secret,
    }
    third_record = await integrations.get(hub, caller, third.json()["id"])
    assert (await integrations.credentials_of(hub, third_record))["password"] == f"{canary}-3"


async def test_ciphertext_is_bound_to_its_record(client, hub, tenant: Tenant) -> None:
    a = await client.post(URL, json=webhook("alpha-secret"), headers=tenant.headers)
    b = await client.post(URL, json=webhook("beta-secret"), headers=tenant.headers)
    caller = caller_of(tenant)
    record_a = await integrations.get(hub, caller, a.json()["id"])
    record_b = await integrations.get(hub, caller, b.json()["id"])
    assert record_a.credentials and record_a.credentials.startswith("v1.")
    assert "alpha-secret" not in record_a.credentials

    with pytest.raises(CryptoError):
        await integrations.credentials_of(hub, replace(record_b, credentials=record_a.credentials))

    token = record_a.credentials
    middle = len(token) - 10
    flipped = "A" if token[middle] != "A" else "B"
    with pytest.raises(CryptoError):
        await integrations.credentials_of(
            hub, replace(record_a, credentials=token[:middle] + flipped + token[middle + 1 :])
        )

    fresh_a = await integrations.get(hub, caller, a.json()["id"])
    assert (await integrations.credentials_of(hub, fresh_a))["password"] == "alpha-secret"


async def test_other_environment_uses_another_data_key(client, hub, tenant: Tenant) -> None:
    mine = await client.post(URL, json=webhook("dev-secret"), headers=tenant.headers)
    theirs = await client.post(URL, json=webhook("prod-secret"), headers=tenant.key(tenant.other_rw))
    dev = await integrations.get(hub, caller_of(tenant), mine.json()["id"])
    prod_caller = Caller(tenant.organization_id, tenant.other_env_id, "test", frozenset({"read"}))
    prod = await integrations.get(hub, prod_caller, theirs.json()["id"])
    assert dev.credentials and prod.credentials
    assert dev.credentials.split(".")[1] != prod.credentials.split(".")[1]


async def test_a_create_after_a_rotation_seals_with_the_new_key(tmp_path: Path) -> None:
    """The first create after a rotation finds a key this process never opened, and still seals with it."""
    from interlink.app import create_app
    from interlink.core.crypto import MasterKey
    from interlink.core.settings import Settings
    from interlink.services import keys, tenants
    from interlink.services import secrets as secret_box
    from interlink.services.hub import open_hub

    hub = await open_hub(Settings(data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///{tmp_path / 'own.db'}"))
    try:
        _, (dev, _) = await tenants.create_organization(hub, "Rotation")
        issued = await keys.create(hub, dev, ["read", "write"], "rw")
        who = Caller(dev.organization_id, dev.id, "test", frozenset({"read", "write"}))
        transport = httpx.ASGITransport(app=create_app(hub))
        made: dict[str, str] = {}
        async with httpx.AsyncClient(transport=transport, base_url="http://interlink.test") as http:
            for step in ("before", "after", "again"):
                if step == "after":
                    await secret_box.rotate(hub, MasterKey.generate())
                headers = {"X-Api-Key": issued.secret, "Idempotency-Key": step}
                created = await http.post(URL, json=webhook(f"pw-{step}", name=step), headers=headers)
                assert created.status_code == 201, created.text
                replay = await http.post(URL, json=webhook(f"pw-{step}", name=step), headers=headers)
                assert replay.headers["Idempotency-Replay"] == "true" and replay.content == created.content
                made[step] = created.json()["id"]
        for step, integration_id in made.items():
            view = await integrations.get(hub, who, integration_id)
            opened = await integrations.credentials_of(hub, view)
            assert (opened["username"], opened["password"]) == ("ops", f"pw-{step}")
    finally:
        await hub.close()
