"""The catalog entry for Elastic Email."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="elastic_email",
    name="Elastic Email",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Elastic Email's transactional email API.",
    properties=(
        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property("from", PropertyType.EMAIL, "From address", description="A verified sender.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
    ),
    docs_url="https://elasticemail.com/developers/api-documentation/rest-api",
    aliases={"campaign": "ELASTIC_EMAIL"},
)
