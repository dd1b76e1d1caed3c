"""Apprise through the whole engine: created by /v2/integrations, sent by /v2/messages and the worker, the URL
kept secret everywhere; and a server without the extra says so instead of failing later."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from interlink.sdk.testing import FakeApi, plain
from interlink.services.hub import Hub
from interlink.store.tables import Base
from tests.conftest import Tenant
from tests.providers.apprise.contract import MESSAGE, PASSWORD, TOKEN, sent_as_documented, url
from tests.providers.engine import test_send
from tests.receivers import wait_status

PROPERTIES = "/v2/integrations/properties"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {record.__dict__}")


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    """Every line Interlink logs (at DEBUG) and every line that reaches the root logger."""
    handler, loggers = _Lines(), [logging.getLogger(), logging.getLogger("interlink")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


async def tables(hub: Hub) -> str:
    async with hub.db.read() as session:
        rows = [(await session.execute(text(f'SELECT * FROM "{t.name}"'))).all() for t in Base.metadata.sorted_tables]
    return repr(rows)


async def create(client: httpx.AsyncClient, tenant: Tenant, value: str) -> httpx.Response:
    body = {"name": "Long tail", "type": "apprise", "credentials": {"url": value}}
    return await client.post("/v2/integrations", headers=tenant.headers, json=body)


async def send(client: httpx.AsyncClient, tenant: Tenant) -> str:
    body = {"channel": "chat", "to": {}, "subject": MESSAGE.subject, "text": MESSAGE.text}
    sent = await client.post("/v2/messages", headers=tenant.headers, json=body)
    assert sent.status_code == 202, sent.text
    return str(sent.json()["id"])


def field_errors(answer: httpx.Response) -> dict[str, str]:
    return {e["path"]: e["message"] for e in answer.json().get("errors", [])}


async def test_a_message_is_delivered_and_the_url_shows_nowhere(
    client: httpx.AsyncClient, hub: Hub, tenant: Tenant, worker, log_lines: list[str]
) -> None:
    async with FakeApi(default=plain(200)) as api:
        secret = url(api.port)
        created = await create(client, tenant, secret)
        assert created.status_code == 201, created.text
        assert created.json()["credentials"] == {"url": "set"}
        read = await client.get(f"/v2/integrations/{created.json()['id']}", headers=tenant.headers)
        done = await wait_status(client, tenant.headers, await send(client, tenant), "delivered")
    [request] = api.received
    sent_as_documented(request)
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["integrationId"]) == ("delivered", created.json()["id"])
    shown = [created.text, read.text, str(done), *log_lines, await tables(hub)]
    for part in (secret, PASSWORD, TOKEN):
        assert not [s for s in shown if part in s], part


async def test_a_failure_is_retried_by_interlink_with_apprises_words_scrubbed(
    client: httpx.AsyncClient, tenant: Tenant, worker, log_lines: list[str]
) -> None:
    async with FakeApi(plain(503), default=plain(200)) as api:
        created = await create(client, tenant, url(api.port) + "?retry=2")
        assert created.status_code == 201, created.text
        done = await wait_status(client, tenant.headers, await send(client, tenant), "delivered")
    assert len(api.received) == 2  # one each: Apprise's own retries are off
    first, second = done["attempts"]
    assert (first["outcome"], second["outcome"]) == ("retry", "delivered")
    assert first["detail"] == "Apprise: Failed to send JSON POST notification: Servers are overloaded., error=503."
    assert not [line for line in [str(done), *log_lines] if PASSWORD in line or TOKEN in line]


async def test_test_send_is_delivered(client: httpx.AsyncClient, tenant: Tenant, worker) -> None:
    async with FakeApi(default=plain(200)) as api:
        created = await create(client, tenant, url(api.port))
        action = await test_send(client, tenant, created.json()["id"])
    assert (action["status"], action["result"]["outcome"]) == ("succeeded", "delivered"), action
    assert len(api.received) == 1 and api.received[0].json()["message"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("bogus://Zq9SecretPart/x", "Apprise does not know the scheme bogus://"),
        ("https://hooks.example.com/Zq9SecretPart", "Apprise does not know the scheme https://"),
        ("Zq9SecretPart", "must be an Apprise URL, such as ntfy://ntfy.example.com/alerts"),
        ("syslog://", "syslog:// notifies the server Interlink runs on, not a service"),
    ],
)
async def test_a_url_apprise_cannot_use_is_422_naming_the_field(
    client: httpx.AsyncClient, tenant: Tenant, value: str, message: str
) -> None:
    answer = await create(client, tenant, value)
    assert answer.status_code == 422, answer.text
    assert field_errors(answer) == {"credentials.url": message}
    assert "Zq9SecretPart" not in answer.text


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "10.1.2.3", "169.254.169.254"])
async def test_a_private_host_is_refused_at_save_unless_private_networks_are_allowed(
    client: httpx.AsyncClient, policed_client: httpx.AsyncClient, tenant: Tenant, host: str
) -> None:
    value = f"json://{host}:8080/notify/{TOKEN}"
    refused = await create(policed_client, tenant, value)
    assert refused.status_code == 422, refused.text
    [(path, why)] = field_errors(refused).items()
    assert path == "credentials.url" and why.startswith("cannot be called:")
    assert TOKEN not in refused.text
    assert (await create(client, tenant, value)).status_code == 201  # the test server allows private networks


async def test_a_mail_server_named_in_a_parameter_is_checked_too(
    policed_client: httpx.AsyncClient, tenant: Tenant
) -> None:
    refused = await create(policed_client, tenant, "mailtos://ops:Zq9SecretPart@example.com?smtp=10.0.0.5")
    assert refused.status_code == 422, refused.text
    assert field_errors(refused)["credentials.url"].startswith("cannot be called: 10.0.0.5 is a private address")
    assert "Zq9SecretPart" not in refused.text


async def test_a_service_url_whose_first_part_is_a_token_is_not_read_as_a_host(
    policed_client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create(policed_client, tenant, "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-1001234")
    assert created.status_code == 201, created.text


async def test_without_the_extra_the_catalog_says_so_and_create_is_refused(
    client: httpx.AsyncClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "apprise", None)  # as if the extra were not installed
    entry = (await client.get(PROPERTIES, params={"type": "apprise"}, headers=tenant.headers)).json()["data"]
    assert entry["available"] is False
    assert entry["message"] == "apprise is not installed on this server: install interlink[apprise]"
    listed = (await client.get("/v2/integrations/mapping", headers=tenant.headers)).json()["data"]["EGRESS"]
    assert [e["available"] for e in listed if e["type"] == "apprise"] == [False]
    refused = await create(client, tenant, "json://hooks.example.com/notify")
    assert refused.status_code == 422, refused.text
    assert field_errors(refused) == {"type": "apprise is not installed on this server: install interlink[apprise]"}
