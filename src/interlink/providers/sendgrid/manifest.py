"""The catalog entry for SendGrid email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="sendgrid",
    name="SendGrid",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Twilio SendGrid's v3 Mail Send API.",
    properties=(
        Property(
            "apiKey",
            PropertyType.STRING,
            "API key",
            description="An API key with Mail Send access.",
            required=True,
            secret=True,
        ),
        Property("from", PropertyType.EMAIL, "From address", description="A verified sender.", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property(
            "region",
            PropertyType.ENUM,
            "Data residency",
            choices=("global", "eu"),
            description="eu sends through api.eu.sendgrid.com (EU subusers only) unless the API base URL is changed.",
            default="global",
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Change only to send through a proxy; the region picks SendGrid's own host.",
            default="https://api.sendgrid.com",
        ),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send",
    aliases={"novu": "sendgrid", "campaign": "SENDGRID"},
)
