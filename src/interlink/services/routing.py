"""Which integrations may carry a message, in which order: the named one, else conditional, primary, priority."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from interlink.core import conditions
from interlink.sdk import Direction
from interlink.store.tables import Integration


def context_of(payload: Mapping[str, Any], recipient: Mapping[str, Any]) -> dict[str, Any]:
    """What conditions are evaluated against."""
    return {"payload": payload, "subscriber": recipient, "tenant": {}}


def candidates(
    integrations: Iterable[Integration],
    channel: str,
    context: Mapping[str, Any],
    requested_id: str | None = None,
    excluded: Iterable[str] = (),
) -> list[Integration]:
    """Active outbound integrations of the channel whose conditions match, best first, minus ``excluded``.

    An integration whose conditions match was set up for exactly such messages, so it comes before the
    primary (which never has conditions); the rest follow by priority, highest first.
    """
    return pick(ranked(integrations, channel), context, requested_id, excluded)


def ranked(integrations: Iterable[Integration], channel: str) -> list[Integration]:
    """The active outbound integrations of the channel in ``candidates`` order, as if every condition matched."""
    usable = [
        i
        for i in integrations
        if i.active and not i.deleted and i.channel == channel and i.direction == Direction.EGRESS.value
    ]
    return sorted(usable, key=lambda i: (not i.conditions, not i.is_primary, -i.priority, i.id))


def pick(
    ranking: list[Integration],
    context: Mapping[str, Any],
    requested_id: str | None = None,
    excluded: Iterable[str] = (),
) -> list[Integration]:
    """``candidates`` from a ``ranked`` list: dropping the unmatched keeps the order, so no sort per message."""
    skip = set(excluded)
    if requested_id:
        return [i for i in ranking if i.id == requested_id and i.id not in skip]
    return [i for i in ranking if i.id not in skip and (not i.conditions or conditions.matches(i.conditions, context))]
