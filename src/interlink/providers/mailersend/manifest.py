"""The catalog entry for MailerSend email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="mailersend",
    name="MailerSend",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through MailerSend's Email API.",
    properties=(
        Property("apiKey", PropertyType.STRING, "API token", required=True, secret=True),
        Property("from", PropertyType.EMAIL, "From address", description="On a verified domain.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property(
            "baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://api.mailersend.com."
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.mailersend.com/api/v1/email.html",
    aliases={"novu": "mailersend"},
)
