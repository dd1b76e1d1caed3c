"""Sends a recipient's one-time code by SMS from the queue; the code travels sealed and is dropped once sent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interlink.core.timeutil import utcnow
from interlink.sdk import Outcome
from interlink.services import secrets
from interlink.services.hub import Hub
from interlink.store.tables import Action, Integration, Message

if TYPE_CHECKING:
    from interlink.services.delivery import Deliverer

SEND_CODE = "send-code"
TEXT = "Your verification code is {code}. It expires in 10 minutes."


async def send(hub: Hub, deliverer: Deliverer, action: Action) -> dict[str, Any]:
    """Send the code through the action's SMS integration; the row keeps the outcome, never the code."""
    from interlink.services.delivery import Route

    given = dict(action.input or {})
    kept = {k: v for k, v in given.items() if k != "sealed"}
    async with hub.db.read() as session:
        record = await session.get(Integration, action.integration_id)
        if record is None or record.deleted or not given.get("sealed"):
            return _done("failed", {"error": "the SMS integration was deleted"}, kept)
        config = {**record.properties, **await secrets.decrypt(hub, session, record.id, record.credentials)}
        code = (await secrets.decrypt(hub, session, action.id, given["sealed"]))["code"]
    message = Message(
        id=action.id,
        environment_id=action.environment_id,
        channel=record.channel,
        recipient={"phone": given.get("phone")},
        text=TEXT.format(code=code),
        payload={},
        event_type="recipient.verification",
        metadata_={},
        trace_id=action.trace_id,
    )
    result, ms = await deliverer.send_once(Route(record, config), message, 1)
    outcome: dict[str, Any] = {"outcome": result.outcome.value, "statusCode": result.status_code}
    outcome.update(detail=result.detail, durationMs=round(ms, 2))
    return _done("succeeded" if result.outcome is Outcome.DELIVERED else "failed", outcome, kept)


def _done(status: str, result: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": status,
        "result": result,
        "input": kept,
        "updated_at": utcnow(),
        "lease_owner": None,
        "lease_until": None,
    }
