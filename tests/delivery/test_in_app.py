"""In-app delivery: the message lands in the subscriber's feed, and a live Server-Sent Events stream carries it.

httpx's in-process ASGI transport buffers a whole response, so the streams here talk to a real uvicorn
server on 127.0.0.1, run in its own thread with its own hub over the same database.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from ulid import ULID

from interlink.api.routes import inbox as inbox_routes
from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.sdk import OutboundMessage, Outcome
from interlink.services import inbox, keys
from interlink.services.hub import Hub, open_hub
from interlink.store.tables import InboxItem
from tests.api.test_inbox import create_inbox, deliver, feed
from tests.conftest import Tenant


@pytest.fixture(scope="module")
async def live(settings: Settings) -> AsyncIterator[tuple[str, uvicorn.Server]]:
    """The app on a real port, served from another thread (and event loop) with a hub of its own.

    Async, so the test loop keeps running while the thread starts: a write the session's worker has open
    must finish, or the new hub's migration check would wait for SQLite's lock.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    holder: dict[str, uvicorn.Server] = {}

    async def serve() -> None:
        hub = await open_hub(settings)
        try:
            config = uvicorn.Config(
                create_app(hub), host="127.0.0.1", port=port, log_config=None, timeout_graceful_shutdown=2
            )
            holder["server"] = uvicorn.Server(config)
            await holder["server"].serve()
        finally:
            await hub.close()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not (holder.get("server") and holder["server"].started):
        assert time.monotonic() < deadline and thread.is_alive(), "the live server did not start"
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}", holder["server"]
    holder["server"].should_exit = True
    await asyncio.to_thread(thread.join, 10)


class Events:
    """Reads Server-Sent Events blocks ({field: value}; comments under ``comment``) from a streaming response."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.aiter_lines()

    async def block(self) -> dict[str, str]:
        found: dict[str, str] = {}
        async for line in self.lines:
            if not line:
                if found:
                    return found
                continue
            if line.startswith(":"):
                found["comment"] = line[1:].strip()
                continue
            name, _, value = line.partition(":")
            found[name] = value.removeprefix(" ")
        raise AssertionError("the stream ended")

    async def message(self, within: float = 5.0) -> dict[str, Any]:
        """The next ``event: message``, its data parsed, with its ``id``."""
        async with asyncio.timeout(within):
            while True:
                found = await self.block()
                if found.get("event") == "message":
                    return {"eventId": found["id"], **orjson.loads(found["data"])}


@asynccontextmanager
async def stream(base_url: str, headers: dict[str, str], subscriber: str = "sub-1") -> AsyncIterator[Events]:
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=10) as http,
        http.stream("GET", f"/v2/inbox/{subscriber}/stream", headers=headers) as response,
    ):
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        events = Events(response)
        assert "retry" in await events.block(), "the stream opens by telling clients how soon to reconnect"
        yield events


async def test_a_named_integration_is_recorded_on_the_item(client, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant, "Main inbox")
    second = await create_inbox(client, tenant, "Second inbox")
    message = await deliver(client, tenant, integrationId=second["id"], payload={"k": [1, 2]})
    assert message["integrationId"] == second["id"]
    assert [(a["outcome"], a["integrationId"]) for a in message["attempts"]] == [("delivered", second["id"])]
    [item] = (await feed(client, tenant.headers))["data"]
    assert (item["integrationId"], item["messageId"], item["data"]) == (second["id"], message["id"], {"k": [1, 2]})


async def test_the_sender_refuses_a_message_without_a_subscriber(hub: Hub) -> None:
    sender = hub.registry.sender("in_app")
    result = await sender.send(OutboundMessage(id="msg_x", channel="in_app", recipient={}, text="hi"), {}, None)
    assert result.outcome is Outcome.FAILED
    assert "subscriberId" in result.detail and result.stored is None


async def _wait_done(client: httpx.AsyncClient, headers: dict[str, str], location: str) -> dict[str, Any]:
    """Poll an action until it succeeded or failed."""
    async with asyncio.timeout(10):
        while True:
            action = (await client.get(location, headers=headers)).json()
            if action["status"] in ("succeeded", "failed"):
                return action
            await asyncio.sleep(0.05)


async def test_a_test_send_through_an_in_app_integration_succeeds(client, tenant: Tenant, worker) -> None:
    integration = await create_inbox(client, tenant)
    started = await client.post(f"/v2/integrations/{integration['id']}/actions/test-send", headers=tenant.headers)
    assert started.status_code == 202, started.text
    done = await _wait_done(client, tenant.headers, started.headers["Location"])
    assert (done["status"], done["result"]["outcome"]) == ("succeeded", "delivered")


async def test_an_in_app_test_send_shows_in_the_named_feed(client, tenant: Tenant, worker) -> None:
    integration = await create_inbox(client, tenant)
    started = await client.post(
        f"/v2/integrations/{integration['id']}/actions/test-send", headers=tenant.headers, json={"to": "sub-9"}
    )
    assert started.status_code == 202, started.text
    done = await _wait_done(client, tenant.headers, started.headers["Location"])
    assert done["status"] == "succeeded"
    [item] = (await feed(client, tenant.headers, "sub-9"))["data"]
    assert item["text"] == "This is a test message from Interlink."


async def test_a_stream_catches_an_item_committed_late_by_a_slower_writer(client, hub: Hub, tenant: Tenant) -> None:
    follower = await inbox.follow(hub, await keys.authenticate(hub, tenant.rw), "sub-1")

    async def store_item(item_id: str) -> None:
        async with hub.db.write() as session:
            session.add(
                InboxItem(
                    id=item_id, environment_id=tenant.env_id, subscriber_id="sub-1", message_id="msg_" + item_id[4:]
                )
            )

    now = time.time()
    early, late = ("inb_" + str(ULID.from_timestamp(now - age)) for age in (2.0, 0.0))
    await store_item(late)
    assert [i.id for i in (await follower.fetch())[0]] == [late]
    await store_item(early)  # made earlier elsewhere, committed only now: its id sorts before one already sent
    assert [i.id for i in (await follower.fetch())[0]] == [early]
    assert await follower.fetch() == ([], False)


async def test_a_stream_wakes_when_this_process_stores_an_item(client, hub: Hub, tenant: Tenant, worker) -> None:
    await create_inbox(client, tenant)
    await deliver(client, tenant, text="before")
    follower = await inbox.follow(hub, await keys.authenticate(hub, tenant.rw), "sub-1")
    assert await follower.fetch() == ([], False), "a new stream starts after what is already there"
    waiting = asyncio.create_task(follower.wait(30))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    message = await deliver(client, tenant, text="after")
    await asyncio.wait_for(waiting, 5)
    assert time.monotonic() - started < 5
    items, more = await follower.fetch()
    assert [(i.message_id, i.text) for i in items] == [(message["id"], "after")] and not more
    assert await follower.fetch() == ([], False), "each item is handed out once"


async def test_stream_sends_new_items_and_replays_after_last_event_id(client, live, tenant: Tenant, worker) -> None:
    base_url, _ = live
    await create_inbox(client, tenant)
    await deliver(client, tenant, text="already there")
    async with stream(base_url, tenant.headers) as events:
        first = await deliver(client, tenant, text="first")
        got = await events.message()
    assert got["messageId"] == first["id"]
    assert (got["subscriberId"], got["subject"], got["text"], got["read"]) == ("sub-1", "Hello", "first", False)
    [listed] = [i for i in (await feed(client, tenant.headers))["data"] if i["messageId"] == first["id"]]
    assert got["eventId"] == got["id"] == listed["id"]

    later = [(await deliver(client, tenant, text=f"later {n}"))["id"] for n in range(2)]
    async with stream(base_url, {**tenant.headers, "Last-Event-ID": got["eventId"]}) as events:
        replayed = [await events.message(), await events.message()]
    assert [r["messageId"] for r in replayed] == later, "only what came after the last event, oldest first"
    assert replayed[0]["eventId"] > got["eventId"]


async def test_streams_carry_only_their_subscriber_and_environment(client, live, tenant: Tenant, worker) -> None:
    base_url, _ = live
    await create_inbox(client, tenant)
    other = tenant.key(tenant.other_rw)
    made = await client.post("/v2/integrations", headers=other, json={"name": "Prod inbox", "type": "in_app"})
    assert made.status_code == 201, made.text
    async with stream(base_url, tenant.headers, "sub-2") as second, stream(base_url, other, "sub-1") as elsewhere:
        await deliver(client, tenant, to="sub-1", text="for one")
        mine = await deliver(client, tenant, to="sub-2", text="for two")
        sent = await client.post(
            "/v2/messages", headers=other, json={"channel": "in_app", "to": "sub-1", "text": "prod"}
        )
        assert sent.status_code == 202, sent.text
        got, prod = await second.message(), await elsewhere.message()
    assert (got["messageId"], got["text"]) == (mine["id"], "for two")
    assert (prod["messageId"], prod["text"]) == (sent.json()["id"], "prod")


async def test_idle_stream_sends_heartbeats_and_ends_with_the_client(
    client, live, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url, server = live
    monkeypatch.setattr(inbox_routes, "HEARTBEAT_SECONDS", 0.3)
    async with stream(base_url, tenant.headers) as events:
        async with asyncio.timeout(5):
            assert await events.block() == {"comment": "heartbeat"}
            assert await events.block() == {"comment": "heartbeat"}
        assert server.server_state.tasks, "the stream is being served"
    async with asyncio.timeout(5):
        while server.server_state.tasks:
            await asyncio.sleep(0.05)
