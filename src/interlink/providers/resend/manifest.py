"""The catalog entry for Resend email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="resend",
    name="Resend",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Resend's Emails API.",
    properties=(
        Property(
            "apiKey", PropertyType.STRING, "API key", description="A key starting re_.", required=True, secret=True
        ),
        Property("from", PropertyType.EMAIL, "From address", description="On a verified domain.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://api.resend.com."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://resend.com/docs/api-reference/emails/send-email",
    aliases={"novu": "resend"},
)
