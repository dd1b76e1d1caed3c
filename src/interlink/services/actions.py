"""Asynchronous integration actions: accepted with 202, run by a worker, read back by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from interlink.core.errors import NotFound, Unprocessable, invalid
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id, reset_trace_id, set_trace_id
from interlink.sdk import Action as ActionKind
from interlink.sdk import Channel, Outcome
from interlink.services import credential_checks, integrations, messages, recipient_codes, secrets
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import messages as message_store
from interlink.store.tables import Action, Integration, Message

if TYPE_CHECKING:
    from interlink.services.delivery import Deliverer

TEST_TEXT = "This is a test message from Interlink."


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action as the faces show it: what was asked, how far it got and its result."""

    id: str
    integration_id: str
    action: str
    status: str
    input: dict[str, Any]
    result: dict[str, Any]
    trace_id: str | None
    created_at: datetime
    updated_at: datetime


async def request(hub: Hub, caller: Caller, integration_id: str, action: str, params: dict[str, Any]) -> ActionView:
    """Queue an action the integration's type supports (422 naming the supported ones otherwise)."""
    caller.require(WRITE)
    record = await integrations.get(hub, caller, integration_id)
    manifest = hub.registry.get(record.type)
    supported = [a.value for a in manifest.actions] if manifest else []
    if action not in supported:
        names = ", ".join(supported) or "none yet"
        raise Unprocessable(
            f"Type {record.type} does not support the action {action!r}; supported: {names}",
            [invalid("action", f"must be one of: {names}").errors[0]],
        )
    if action == ActionKind.TEST_SEND:
        _test_message(record.channel, record.properties, params)  # refuse a bad recipient now, not in the worker
    row = Action(
        id=new_id("act"),
        environment_id=caller.environment_id,
        organization_id=caller.organization_id,
        integration_id=record.id,
        action=action,
        input=params,
        status="queued",
        actor=caller.actor,
        trace_id=current_trace_id(),
    )
    async with hub.db.write() as session:
        session.add(row)
        await message_store.notify(session)
    hub.notify_work()
    return of_row(ActionView, row)


async def get(hub: Hub, caller: Caller, action_id: str) -> ActionView:
    caller.require(READ)
    async with hub.db.read() as session:
        row = await session.get(Action, action_id) if is_id(action_id, "act") else None
    if row is None or row.environment_id != caller.environment_id:
        raise NotFound(f"Action {action_id} not found")
    return of_row(ActionView, row)


def _test_message(channel: str, properties: dict[str, Any], params: dict[str, Any]) -> messages.MessageDraft:
    recipients = properties.get("recipients") or []
    to = params.get("to", recipients[0] if recipients else None)
    if channel == Channel.IN_APP and to is None:
        to = "interlink-test"
    draft = messages.MessageDraft(
        channel=channel,
        to=to,
        subject=params.get("subject", "Interlink test"),
        text=params.get("text", TEST_TEXT),
        payload={"test": True},
        event_type="integration.test",
    )
    messages.normalize_recipient(channel, draft.to, "to")
    return draft


async def run(hub: Hub, deliverer: Deliverer, action: Action) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Carry out one action: the row's final state, and anything the sender asked to keep.

    A test send goes through that integration only, active or not.
    """
    if action.action in (ActionKind.BACKFILL, ActionKind.PREVIEW):
        from interlink.services import pull_actions

        return await pull_actions.run(hub, deliverer.transport, action), None
    token = set_trace_id(action.trace_id)
    try:
        if action.action == recipient_codes.SEND_CODE:
            return await recipient_codes.send(hub, deliverer, action), None
        if action.action == ActionKind.VERIFY:
            return await credential_checks.run(hub, deliverer, action), None
        async with hub.db.read() as session:
            record = await session.get(Integration, action.integration_id)
            config = (
                {}
                if record is None
                else {**record.properties, **await secrets.decrypt(hub, session, record.id, record.credentials)}
            )
        if record is None or record.deleted:
            return _done("failed", {"error": "the integration was deleted"}), None
        draft = _test_message(record.channel, record.properties, action.input or {})
        message = Message(
            id=action.id,
            environment_id=action.environment_id,
            channel=record.channel,
            recipient=messages.normalize_recipient(record.channel, draft.to, "to"),
            subject=draft.subject,
            text=draft.text,
            payload=draft.payload,
            event_type=draft.event_type,
            metadata_={},
            trace_id=action.trace_id,
        )
        from interlink.services.delivery import Route

        result, ms = await deliverer.send_once(Route(record, config), message, 1)
        outcome = {
            "outcome": result.outcome.value,
            "statusCode": result.status_code,
            "detail": result.detail,
            "durationMs": round(ms, 2),
        }
        done = _done("succeeded" if result.outcome is Outcome.DELIVERED else "failed", outcome)
        if result.outcome is Outcome.DELIVERED and result.stored:
            # What a sender asks to keep (an in-app feed entry) is kept for a test send too.
            return done, {**result.stored, "environmentId": action.environment_id, "integrationId": record.id}
        return done, None
    finally:
        reset_trace_id(token)


def _done(status: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"status": status, "result": result, "updated_at": utcnow(), "lease_owner": None, "lease_until": None}
