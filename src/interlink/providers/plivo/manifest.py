"""The catalog entry for Plivo SMS."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="plivo",
    name="Plivo",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send SMS through Plivo's Message API.",
    properties=(
        Property("accountSid", PropertyType.STRING, "Auth ID", description="Starts with MA or SA.", required=True),
        Property("token", PropertyType.STRING, "Auth token", required=True, secret=True),
        Property("from", PropertyType.STRING, "Sender", description="A Plivo number or sender ID.", required=True),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://api.plivo.com."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://www.plivo.com/docs/sms/api/message/send-a-message/",
    aliases={"novu": "plivo"},
)
