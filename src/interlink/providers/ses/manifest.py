"""The catalog entry for Amazon SES email."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

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
    ),
    docs_url="https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html",
    aliases={"novu": "ses"},
)
