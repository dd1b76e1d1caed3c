"""What a provider declares about itself: identity, direction, channel and its property schema."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class Direction(StrEnum):
    """Whether data flows out of Interlink (notifications) or into it (alerts, telemetry)."""

    INGRESS = "INGRESS"
    EGRESS = "EGRESS"


class Channel(StrEnum):
    """How an integration reaches people or where its data comes from."""

    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    PUSH = "push"
    CHAT = "chat"
    IN_APP = "in_app"
    WEBHOOK = "webhook"
    ALERTS = "alerts"
    WEATHER = "weather"
    UTILITY = "utility"
    TELEMATICS = "telematics"
    TELEMETRY = "telemetry"


class Availability(StrEnum):
    """Standard types are open to everyone; custom ones only to organizations enabled for them."""

    STANDARD = "standard"
    CUSTOM = "custom"


class PropertyType(StrEnum):
    """The value kinds a property may hold; validation follows from the kind."""

    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    ENUM = "enum"
    HEADERS = "headers"
    EMAIL_LIST = "email_list"
    PHONE_LIST = "phone_list"
    JSON = "json"
    RESOURCE = "resource"
    WEBHOOK_SECRET = "webhook_secret"  # Standard Webhooks ``whsec_`` secrets; generated at create when absent
    ID_LIST = "id_list"  # ids of the environment's own records (account users, teams, routers)


class ResourceKind(StrEnum):
    """What a resource-mapped property points at: one of the user's Places or Things."""

    PLACE = "place"
    THING = "thing"


class Action(StrEnum):
    """Asynchronous actions an integration may run; a manifest lists the ones it can run today."""

    TEST_SEND = "test-send"
    VERIFY = "verify"
    BACKFILL = "backfill"
    PREVIEW = "preview"


@dataclass(frozen=True)
class Property:
    """One configurable field of an integration type."""

    key: str
    type: PropertyType = PropertyType.STRING
    label: str = ""
    description: str = ""
    required: bool = False
    editable: bool = True
    secret: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    maps_to: ResourceKind | None = None
    max_length: int = 2048
    required_when: tuple[str, tuple[str, ...]] | None = None
    check: Callable[[object], str | None] | None = None  # the provider's own shape check: why a value is wrong
    dials: Callable[[object], tuple[str, ...]] | None = None  # hosts a value makes Interlink connect to

    def is_required(self, values: dict[str, object]) -> bool:
        """Required outright, or because another property holds one of the named values."""
        if self.required:
            return True
        if self.required_when is None:
            return False
        other, wanted = self.required_when
        return values.get(other) in wanted


DELIVERY_PROPERTIES = (
    Property(
        "maxConcurrency",
        PropertyType.INTEGER,
        "Concurrent sends",
        description="At most this many sends through this integration at once, per worker process.",
    ),
    Property(
        "rateLimitPerSecond",
        PropertyType.INTEGER,
        "Sends per second",
        description="At most this many sends per second through this integration, per worker process.",
    ),
)
"""Every outbound type takes these, so each integration can be throttled to what its provider allows."""

URGENCIES = ("silent", "low", "medium", "high", "critical")
DESTINATION_KEYS = ("accountUserIds", "teamIds", "routerIds")
ALERT_PROPERTIES = (
    Property(
        "urgency",
        PropertyType.ENUM,
        "Default urgency",
        description="The urgency of alerts whose payload names none.",
        choices=URGENCIES,
        default="medium",
    ),
    Property("accountUserIds", PropertyType.ID_LIST, "Account users", description="Users paged for new alerts."),
    Property("teamIds", PropertyType.ID_LIST, "Teams", description="Teams whose escalation runs for new alerts."),
    Property("routerIds", PropertyType.ID_LIST, "Routers", description="Routers that decide where new alerts go."),
)
"""Every inbound alert type takes these: where its new alerts go and how urgent they are by default."""


@dataclass(frozen=True)
class Manifest:
    """Everything the catalog shows about a provider; the id equals the provider's folder name."""

    id: str
    name: str
    direction: Direction
    channel: Channel
    description: str = ""
    availability: Availability = Availability.STANDARD
    properties: tuple[Property, ...] = ()
    actions: tuple[Action, ...] = ()
    docs_url: str = ""
    aliases: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()  # Python packages of an optional extra that sending needs
    extra: str = ""  # the extra that installs them: ``pip install 'interlink[<extra>]'``

    def __post_init__(self) -> None:
        if self.direction is Direction.EGRESS:
            own = {p.key for p in self.properties}
            extra = tuple(p for p in DELIVERY_PROPERTIES if p.key not in own)
            object.__setattr__(self, "properties", (*self.properties, *extra))
        if self.direction is Direction.INGRESS and self.channel is Channel.ALERTS:
            own = {p.key for p in self.properties}
            extra = tuple(p for p in ALERT_PROPERTIES if p.key not in own)
            object.__setattr__(self, "properties", (*self.properties, *extra))

    def prop(self, key: str) -> Property | None:
        """Look a property up by key."""
        return next((p for p in self.properties if p.key == key), None)

    def missing(self) -> str | None:
        """Why this server cannot use the type (a required package is not installed), or None."""
        absent = [name for name in self.requires if importlib.util.find_spec(name) is None]
        if not absent:
            return None
        return f"{', '.join(absent)} is not installed on this server: install interlink[{self.extra or self.id}]"

    @property
    def secret_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.properties if p.secret)

    def problems(self) -> list[str]:
        """Say what is wrong with this manifest; the registry refuses a manifest with problems."""
        found: list[str] = []
        if not ID_PATTERN.match(self.id):
            found.append(f"id {self.id!r} must be lowercase snake case")
        if not self.name:
            found.append("name is empty")
        keys = [p.key for p in self.properties]
        if len(keys) != len(set(keys)):
            found.append("property keys repeat")
        for prop in self.properties:
            if prop.type is PropertyType.ENUM and not prop.choices:
                found.append(f"enum property {prop.key!r} has no choices")
            if prop.type is PropertyType.RESOURCE and prop.maps_to is None:
                found.append(f"resource property {prop.key!r} does not say what it maps to")
            if prop.secret and prop.default is not None:
                found.append(f"secret property {prop.key!r} may not have a default")
        return found
