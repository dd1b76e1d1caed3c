"""The catalog entry for Datadog's webhook integration."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="datadog",
    name="Datadog",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive Datadog monitor notifications (webhook integration with a custom payload naming "
    "$ALERT_ID, $ALERT_TITLE, $ALERT_TRANSITION, $AGGREG_KEY, $TAGS, $ALERT_PRIORITY, $LINK): Triggered opens "
    "an alert by monitor, Recovered resolves it. Datadog does not sign; set a token and send it as "
    "Authorization: Bearer (custom headers) or as the basic-auth password.",
    properties=(
        Property(
            "token",
            PropertyType.STRING,
            "Token",
            description="When set, requests must carry it as a bearer token or basic-auth password.",
            secret=True,
        ),
        Property(
            "previousToken",
            PropertyType.STRING,
            "Previous token",
            description="Also accepted while Datadog moves to a new token.",
            secret=True,
        ),
    ),
    docs_url="https://docs.datadoghq.com/integrations/webhooks/",
)
