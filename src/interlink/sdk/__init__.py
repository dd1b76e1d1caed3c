"""The only part of Interlink a provider imports: manifests, properties and their vocabulary."""

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
    "Property",
    "PropertyType",
    "ResourceKind",
    "SendResult",
    "Sender",
    "Transport",
    "classify_http",
    "parse_retry_after",
]
