"""The catalog entry for Elastic Email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="elastic_email",
    name="Elastic Email",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Elastic Email's transactional email API (v4).",
    properties=(
        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property("from", PropertyType.EMAIL, "From address", description="A verified sender.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Change only to send through a proxy in front of Elastic Email.",
            default="https://api.elasticemail.com",
        ),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://elasticemail.com/developers/api-documentation/rest-api",
    aliases={"campaign": "ELASTIC_EMAIL"},
)
