"""The catalog entry for Sentry's integration-platform webhooks."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="sentry",
    name="Sentry",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive Sentry webhooks signed with Sentry-Hook-Signature: a new or unresolved issue, an issue "
    "alert or a critical/warning metric alert opens an alert; an assignment acknowledges it; a resolution "
    "(or archiving) resolves it.",
    properties=(
        Property(
            "clientSecret",
            PropertyType.STRING,
            "Client secret",
            description="The client secret of the Sentry integration that sends the webhooks.",
            secret=True,
            required=True,
        ),
        Property(
            "previousClientSecret",
            PropertyType.STRING,
            "Previous client secret",
            description="Also accepted while the integration moves to a new secret.",
            secret=True,
        ),
    ),
    docs_url="https://docs.sentry.io/organization/integrations/integration-platform/webhooks/",
)
