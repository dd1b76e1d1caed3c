"""The catalog entry for Sinch SMS (REST API batches)."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="sinch",
    name="Sinch",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send SMS through the Sinch SMS REST API.",
    properties=(
        Property("servicePlanId", PropertyType.STRING, "Service plan ID", required=True),
        Property("apiToken", PropertyType.STRING, "API token", required=True, secret=True),
        Property("from", PropertyType.STRING, "From", description="A number or sender ID of the plan.", required=True),
        Property(
            "region",
            PropertyType.ENUM,
            "Region",
            description="Where the service plan lives.",
            choices=("us", "eu", "au", "br", "ca"),
            default="us",
        ),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for the region's Sinch host."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.sinch.com/docs/sms/api-reference/sms/tag/Batches/",
    aliases={"novu": "sinch"},
)
