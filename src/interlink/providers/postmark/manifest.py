"""The catalog entry for Postmark email."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="postmark",
    name="Postmark",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through Postmark's Email API.",
    properties=(
        Property("apiKey", PropertyType.STRING, "Server API token", required=True, secret=True),
        Property(
            "from", PropertyType.EMAIL, "From address", description="A confirmed sender signature.", required=True
        ),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property(
            "messageStream",
            PropertyType.STRING,
            "Message stream",
            description="The ID of the transactional stream to send through.",
            default="outbound",
            max_length=100,
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Change only to send through a proxy in front of Postmark.",
            default="https://api.postmarkapp.com",
        ),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://postmarkapp.com/developer/api/email-api",
    aliases={"novu": "postmark"},
)
