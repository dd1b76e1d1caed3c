"""The catalog entry for Amazon SES email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="ses",
    name="Amazon SES",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Amazon Simple Email Service (SES v2 SendEmail).",
    properties=(
        Property(
            "apiKey",
            PropertyType.STRING,
            "Access key ID",
            description="An IAM access key allowed to send.",
            required=True,
            secret=True,
        ),
        Property("secretKey", PropertyType.STRING, "Secret access key", required=True, secret=True),
        Property("region", PropertyType.STRING, "Region", description="e.g. us-east-1", required=True),
        Property("from", PropertyType.EMAIL, "From address", description="A verified identity.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://email.<region>.amazonaws.com (requests are signed for it either way).",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html",
    aliases={"novu": "ses"},
)
