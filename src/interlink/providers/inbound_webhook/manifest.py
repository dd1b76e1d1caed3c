"""The catalog entry for generic inbound alert webhooks; configuration only for now."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType, ResourceKind

MANIFEST = Manifest(
    id="inbound_webhook",
    name="Inbound webhook",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive alerts that another system POSTs to Interlink. Configuration only for now: "
    "the receiving endpoint is not built yet.",
    properties=(
        Property(
            "signingSecret",
            PropertyType.STRING,
            "Signing secret",
            description="A whsec_ secret; when set, requests must be signed per Standard Webhooks.",
            secret=True,
        ),
        Property(
            "place",
            PropertyType.RESOURCE,
            "Place",
            description="The Place these alerts are about.",
            maps_to=ResourceKind.PLACE,
        ),
    ),
    docs_url="https://www.standardwebhooks.com/",
)
