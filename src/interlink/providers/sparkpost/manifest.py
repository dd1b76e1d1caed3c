"""The catalog entry for SparkPost email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="sparkpost",
    name="SparkPost",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through SparkPost's Transmissions API.",
    properties=(
        Property(
            "apiKey",
            PropertyType.STRING,
            "API key",
            description="With Transmissions: Read/Write.",
            required=True,
            secret=True,
        ),
        Property(
            "from", PropertyType.EMAIL, "From address", description="On a verified sending domain.", required=True
        ),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property(
            "region",
            PropertyType.ENUM,
            "Region",
            description="eu sends through api.eu.sparkpost.com unless the API base URL is changed.",
            choices=("us", "eu"),
            default="us",
        ),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for SparkPost's own host."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.sparkpost.com/api/transmissions/",
    aliases={"novu": "sparkpost"},
)
