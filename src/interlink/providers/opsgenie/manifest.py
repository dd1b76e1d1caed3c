"""The catalog entry for Opsgenie alerts."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="opsgenie",
    name="Opsgenie",
    direction=Direction.EGRESS,
    channel=Channel.ALERTS,
    description="Create Opsgenie alerts through the Alert API.",
    properties=(
        Property(
            "apiKey",
            PropertyType.STRING,
            "API key",
            description="An API integration's key.",
            required=True,
            secret=True,
        ),
        Property(
            "region",
            PropertyType.ENUM,
            "Region",
            description="eu sends to api.eu.opsgenie.com unless the API base URL is changed.",
            choices=("us", "eu"),
            default="us",
        ),
        Property("priority", PropertyType.ENUM, "Priority", choices=("P1", "P2", "P3", "P4", "P5"), default="P3"),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for Opsgenie's own host."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://docs.opsgenie.com/docs/alert-api",
)
