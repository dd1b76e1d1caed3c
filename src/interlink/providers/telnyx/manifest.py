"""The catalog entry for Telnyx SMS."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="telnyx",
    name="Telnyx",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send SMS through the Telnyx Messaging API v2.",
    properties=(
        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property(
            "from", PropertyType.STRING, "From", description="A number, short code or alphanumeric ID.", required=True
        ),
        Property(
            "messageProfileId", PropertyType.STRING, "Messaging profile ID", description="Needed for number pools."
        ),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://api.telnyx.com."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.telnyx.com/api-reference/messages/send-a-message",
    aliases={"novu": "telnyx"},
)
