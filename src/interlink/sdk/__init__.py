"""The only part of Interlink a provider imports: manifests, properties, senders, sources and their vocabulary."""

from interlink.sdk.manifest import (
    Action,
    Availability,
    Channel,
    Direction,
    Manifest,
    Property,
    PropertyType,
    ResourceKind,
)
from interlink.sdk.outbound import OutboundRefused
from interlink.sdk.pulling import Point, PullError, PullWindow, Source, Subscriber, Target, schedule_properties
from interlink.sdk.sending import (
    OutboundMessage,
    Outcome,
    Sender,
    SendResult,
    Transport,
    classify_http,
    parse_retry_after,
)

__all__ = [
    "Action",
    "Availability",
    "Channel",
    "Direction",
    "Manifest",
    "OutboundMessage",
    "OutboundRefused",
    "Outcome",
    "Point",
    "Property",
    "PropertyType",
    "PullError",
    "PullWindow",
    "ResourceKind",
    "SendResult",
    "Sender",
    "Source",
    "Subscriber",
    "Target",
    "Transport",
    "classify_http",
    "parse_retry_after",
    "schedule_properties",
]
