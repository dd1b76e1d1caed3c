"""The catalog entry for Stripe webhook endpoints."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="stripe",
    name="Stripe",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive Stripe events signed with Stripe-Signature: a new dispute, a failed invoice or payment, "
    "or an early fraud warning opens an alert; a closed dispute or a paid invoice or payment resolves it. "
    "Other events are logged and ignored.",
    properties=(
        Property(
            "signingSecret",
            PropertyType.STRING,
            "Endpoint signing secret",
            description="The whsec_ secret Stripe shows for this endpoint.",
            secret=True,
            required=True,
        ),
        Property(
            "previousSigningSecret",
            PropertyType.STRING,
            "Previous signing secret",
            description="Also accepted while Stripe rolls the endpoint's secret.",
            secret=True,
        ),
    ),
    docs_url="https://docs.stripe.com/webhooks#verify-manually",
)
