"""Push targets a service reported gone: recorded by the worker, skipped ever after, listed per integration."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from interlink.core.errors import NotFound
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.services.caller import READ, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import dead_targets as store
from interlink.store import integrations as integration_store

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class DeadTargetView:
    """A target the push service reported gone, as the faces show it."""

    target: str
    reason: str
    status_code: int | None
    message_id: str | None
    created_at: datetime


def target_of(recipient: Mapping[str, Any]) -> str | None:
    """What identifies a push target: a device token, or a Web Push subscription's endpoint."""
    subscription = recipient.get("subscription")
    if isinstance(subscription, Mapping) and isinstance(subscription.get("endpoint"), str):
        return str(subscription["endpoint"])
    token = recipient.get("token")
    return token if isinstance(token, str) and token else None


def hash_of(target: str) -> str:
    return hashlib.sha256(target.encode()).hexdigest()


async def dead_for(hub: Hub, environment_id: str, recipient: Mapping[str, Any]) -> set[str]:
    """The integrations through which this message's target was reported gone (none for non-push messages)."""
    target = target_of(recipient)
    if target is None:
        return set()
    async with hub.db.read() as session:
        return await store.dead_for(session, environment_id, hash_of(target))


def row(
    environment_id: str, integration_id: str, recipient: Mapping[str, Any], reason: str, status: int | None, msg: str
) -> dict[str, Any] | None:
    """A dead-target row for the worker to record with the message's result."""
    target = target_of(recipient)
    if target is None:
        return None
    return {
        "id": new_id("dtg"),
        "environment_id": environment_id,
        "integration_id": integration_id,
        "target_hash": hash_of(target),
        "target": target,
        "reason": reason,
        "status_code": status,
        "message_id": msg,
        "created_at": utcnow(),
    }


async def page(hub: Hub, caller: Caller, integration_id: str, limit: int = 50) -> list[DeadTargetView]:
    """The integration's dead targets, newest first."""
    caller.require(READ)
    async with hub.db.read() as session:
        record = (
            await integration_store.get(session, caller.environment_id, integration_id)
            if is_id(integration_id, "int")
            else None
        )
        if record is None:
            raise NotFound(f"Integration {integration_id} not found")
        rows = await store.page(session, caller.environment_id, record.id, min(limit, MAX_PAGE))
    return [of_row(DeadTargetView, r) for r in rows]
