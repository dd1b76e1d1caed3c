"""PagerTree's integration types: Interlink's inbound alert types, each under a stable ULID.

PagerTree names types by ULID (``integration_type_id``). Interlink derives one per type from its id, so
it never changes; the generic webhook also answers to the id PagerTree's documentation uses in its example.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from ulid import ULID

from interlink.sdk import Direction, Manifest, Property
from interlink.sdk.manifest import ALERT_PROPERTIES
from interlink.services.destinations import routes_alerts
from interlink.services.hub import Hub

DOCUMENTED_EXAMPLE = "01GDBEYARHS4W4QM6X370Z5TMB"
PINNED = {"inbound_webhook": DOCUMENTED_EXAMPLE}
_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")
_ROUTING = frozenset(p.key for p in ALERT_PROPERTIES)


@lru_cache(maxsize=512)
def type_id(manifest_id: str) -> str:
    """The ULID PagerTree clients see for an Interlink type id."""
    if manifest_id in PINNED:
        return PINNED[manifest_id]
    digest = hashlib.sha256(f"interlink.integration-type:{manifest_id}".encode()).digest()
    return str(ULID.from_bytes(digest[:16]))


def alert_types(hub: Hub) -> list[Manifest]:
    """Every inbound alert type of the catalog, in id order."""
    return sorted((m for m in hub.registry.by_direction(Direction.INGRESS) if routes_alerts(m)), key=lambda m: m.id)


def by_type_id(hub: Hub, value: str) -> Manifest | None:
    """The type a PagerTree ``integration_type_id`` names (its ULID, or Interlink's own type id)."""
    wanted = value.upper()
    return next((m for m in alert_types(hub) if type_id(m.id) == wanted or m.id == value), None)


def option_name(key: str) -> str:
    """``signingSecret`` → ``option_signing_secret``."""
    return "option_" + _SNAKE.sub("_", key).lower()


def option_key(manifest: Manifest, name: str) -> str | None:
    """The property an ``option_*`` parameter names, or None; the routing properties are not options."""
    return next((p.key for p in options_of(manifest) if option_name(p.key) == name), None)


def options_of(manifest: Manifest) -> list[Property]:
    """The type's own properties, which PagerTree calls options (urgency and destinations are top-level)."""
    return [p for p in manifest.properties if p.key not in _ROUTING]
