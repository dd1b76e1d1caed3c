"""The catalog entry for MessageBird SMS (REST API)."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="messagebird",
    name="MessageBird",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send SMS through MessageBird's REST API.",
    properties=(
        Property(
            "accessKey", PropertyType.STRING, "Access key", description="A live access key.", required=True, secret=True
        ),
        Property(
            "from",
            PropertyType.STRING,
            "Originator",
            description="A number or an alphanumeric sender (11 characters).",
            required=True,
        ),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property(
            "baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://rest.messagebird.com."
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.messagebird.com/api/sms-messaging/#send-outbound-sms",
    aliases={"novu": "messagebird"},
)
