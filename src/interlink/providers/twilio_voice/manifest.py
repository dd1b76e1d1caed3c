"""The catalog entry for Twilio voice calls."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="twilio_voice",
    name="Twilio Voice",
    direction=Direction.EGRESS,
    channel=Channel.PHONE,
    description="Place phone calls that read the notification aloud, through Twilio's Calls API.",
    properties=(
        Property("accountSid", PropertyType.STRING, "Account SID", description="Starts with AC.", required=True),
        Property("token", PropertyType.STRING, "Auth token", required=True, secret=True),
        Property(
            "from", PropertyType.PHONE, "From number", description="A voice-capable Twilio number.", required=True
        ),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://api.twilio.com; "
            "set it to reach the Twilio API through a proxy or a test server.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://www.twilio.com/docs/voice/api/call-resource",
)
