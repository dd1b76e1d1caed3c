"""The only part of Interlink a provider imports: manifests, the sending contract and the HTTP sender skeleton."""

from interlink.sdk.context import iso, traceparent, utcnow
from interlink.sdk.http_sender import (
    Answer,
    CannotSend,
    HttpSender,
    Misconfigured,
    Request,
    basic_auth,
    by_status,
    key_of,
    recipient_of,
    seconds,
    text_of,
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
    "Answer",
    "Availability",
    "CannotSend",
    "Channel",
    "Direction",
    "HttpSender",
    "Manifest",
    "Misconfigured",
    "OutboundMessage",
    "OutboundRefused",
    "Outcome",
    "Property",
    "PropertyType",
    "Request",
    "ResourceKind",
    "SendResult",
    "Sender",
    "Transport",
    "basic_auth",
    "by_status",
    "classify_http",
    "iso",
    "key_of",
    "parse_retry_after",
    "recipient_of",
    "seconds",
    "text_of",
    "traceparent",
    "utcnow",
]
