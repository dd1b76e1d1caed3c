"""The catalog entry for Mailjet email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="mailjet",
    name="Mailjet",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Mailjet's Send API v3.1 from a validated sender address.",
    properties=(
        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property("secretKey", PropertyType.STRING, "Secret key", required=True, secret=True),
        Property("from", PropertyType.EMAIL, "From address", description="A validated sender.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://api.mailjet.com; https://api.us.mailjet.com for US accounts.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://dev.mailjet.com/email/reference/send-emails/",
    aliases={"novu": "mailjet"},
)
