"""The only part of Interlink a provider imports: manifests, properties and their vocabulary."""

from interlink.sdk.inbound import (
    ActionKind,
    AlertAction,
    BaseHandler,
    Handler,
    InboundRequest,
    Reply,
    Verdict,
)
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
    "ActionKind",
    "AlertAction",
    "Availability",
    "BaseHandler",
    "Channel",
    "Direction",
    "Handler",
    "InboundRequest",
    "Manifest",
    "OutboundMessage",
    "OutboundRefused",
    "Outcome",
    "Property",
    "PropertyType",
    "Reply",
    "ResourceKind",
    "SendResult",
    "Sender",
    "Transport",
    "Verdict",
    "classify_http",
    "parse_retry_after",
]
