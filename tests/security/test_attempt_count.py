"""A delivery made by a worker killed before it recorded the result still counts, and shows in the log."""

from __future__ import annotations

import asyncio
import signal

from interlink.core.settings import Settings
from interlink.services import integrations, messages
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from tests.delivery.test_crash import _worker, own
from tests.receivers import Receiver, hang

__all__ = ["own"]


async def test_a_duplicate_after_a_crash_shows_in_the_count_and_the_log(own: tuple[Hub, Settings, Caller]) -> None:
    hub, settings, caller = own
    receiver = await Receiver(replies=[hang(60)]).start()
    procs = []
    try:
        await integrations.create(
            hub, caller, integrations.IntegrationDraft(type="webhook", name="t", properties={"url": receiver.url})
        )
        [message] = await messages.accept(hub, caller, [messages.MessageDraft(channel="webhook", payload={"n": 1})])
        procs.append(_worker(settings))
        await receiver.wait_for(1, timeout=30)  # the first worker is mid-send: the receiver has the request
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(timeout=10)
        procs.append(_worker(settings))
        async with asyncio.timeout(30):
            while (await messages.get(hub, caller, message.id))[0].status != "delivered":
                await asyncio.sleep(0.1)
        record, attempts = await messages.get(hub, caller, message.id)
        assert len(receiver.received) == 2
        assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
        assert record.attempts == 2
        assert [(a.number, a.outcome) for a in attempts] == [(1, "unknown"), (2, "delivered")]
        assert "may have" in (attempts[0].detail or "")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=15)
        await receiver.stop()
