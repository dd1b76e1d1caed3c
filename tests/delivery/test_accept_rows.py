"""Accepted messages are stored exactly as accept answered them: JSON, text and timestamps read back unchanged."""

from __future__ import annotations

from dataclasses import asdict

from interlink.services import messages
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook

KEPT = ("id", "channel", "recipient", "subject", "text", "html", "event_type", "payload", "metadata_", "trace_id")


async def test_a_batch_reads_back_as_accept_answered_it(client, hub: Hub, tenant: Tenant) -> None:
    caller = Caller(tenant.organization_id, tenant.env_id, "test", frozenset({"read", "write"}))
    async with Receiver() as receiver:
        await create_webhook(client, tenant.headers, receiver.url)
        drafts = [
            messages.MessageDraft(
                channel="webhook",
                subject="Grüße ✓" if n else None,
                text=f"line\n{n}",
                event_type="order.paid",
                payload={"n": n, "nested": {"list": [1, 2.5, None, True], "ünïcode": "\u2603"}},
                metadata={"tag": "x" * n},
            )
            for n in range(3)
        ]
        accepted = await messages.accept(hub, caller, drafts, batch=True)
        for view in accepted:
            stored, _attempts = await messages.get(hub, caller, view.id)
            shown, kept = asdict(view), asdict(stored)
            assert {k: kept[k] for k in KEPT} == {k: shown[k] for k in KEPT}
            assert stored.created_at == view.created_at and stored.created_at.tzinfo is not None
            assert stored.requested_integration_id is None and view.status == "queued" and view.attempts == 0
