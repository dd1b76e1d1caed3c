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

__all__ = [
    "Action",
    "Availability",
    "Channel",
    "Direction",
    "Manifest",
    "Property",
    "PropertyType",
    "ResourceKind",
]
