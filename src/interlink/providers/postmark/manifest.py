"""The catalog entry for Postmark email."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

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
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
    ),
    docs_url="https://postmarkapp.com/developer/api/email-api",
    aliases={"novu": "postmark"},
)
