"""The catalog entry for Mailgun email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="mailgun",
    name="Mailgun",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Mailgun's Messages API from one of your sending domains.",
    properties=(
        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property("domain", PropertyType.STRING, "Sending domain", description="e.g. mg.example.com", required=True),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="https://api.eu.mailgun.net for domains in the EU region, or a proxy in front of Mailgun.",
            default="https://api.mailgun.net",
        ),
        Property("from", PropertyType.EMAIL, "From address", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/messages",
    aliases={"novu": "mailgun"},
)
