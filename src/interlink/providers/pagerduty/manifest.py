"""The catalog entry for PagerDuty (Events API v2)."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="pagerduty",
    name="PagerDuty",
    direction=Direction.EGRESS,
    channel=Channel.ALERTS,
    description="Trigger, acknowledge and resolve PagerDuty incidents through the Events API v2.",
    properties=(
        Property(
            "routingKey",
            PropertyType.STRING,
            "Integration key",
            description="The 32-character Events API v2 integration (routing) key of a service.",
            required=True,
            secret=True,
        ),
        Property(
            "severity",
            PropertyType.ENUM,
            "Severity",
            description="Used when the message's payload names none.",
            choices=("critical", "error", "warning", "info"),
            default="critical",
        ),
        Property(
            "source", PropertyType.STRING, "Source", description="The affected system, when the payload names none."
        ),
        Property(
            "baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://events.pagerduty.com."
        ),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://developer.pagerduty.com/docs/events-api-v2/trigger-events/",
)
