"""The catalog entry for Twilio SMS."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="twilio",
    name="Twilio SMS",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send text messages through Twilio Programmable Messaging.",
    properties=(
        Property("accountSid", PropertyType.STRING, "Account SID", description="Starts with AC.", required=True),
        Property("token", PropertyType.STRING, "Auth token", required=True, secret=True),
        Property(
            "from", PropertyType.PHONE, "From number", description="A Twilio number in E.164 form.", required=True
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
    docs_url="https://www.twilio.com/docs/messaging/api/message-resource",
    aliases={"novu": "twilio", "campaign": "TWILIO"},
)
