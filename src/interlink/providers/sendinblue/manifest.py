"""The catalog entry for Brevo (formerly Sendinblue) transactional email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="sendinblue",
    name="Brevo (formerly Sendinblue)",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send transactional email through Brevo's API v3.",
    properties=(
        Property(
            "apiKey", PropertyType.STRING, "API key", description="A v3 key (xkeysib-…).", required=True, secret=True
        ),
        Property("from", PropertyType.EMAIL, "From address", description="A verified sender.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://api.brevo.com."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.brevo.com/reference/send-transac-email",
    aliases={"novu": "sendinblue"},
)
