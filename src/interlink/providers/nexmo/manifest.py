"""The catalog entry for Vonage (Nexmo) SMS."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="nexmo",
    name="Vonage SMS (Nexmo)",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send text messages through the Vonage (formerly Nexmo) SMS API.",
    properties=(
        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property("secretKey", PropertyType.STRING, "API secret", required=True, secret=True),
        Property(
            "from",
            PropertyType.STRING,
            "From",
            description="A Vonage number or an alphanumeric sender ID.",
            required=True,
            max_length=20,
        ),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://rest.nexmo.com; "
            "set it to reach the Vonage SMS API through a proxy or a test server.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developer.vonage.com/en/messaging/sms/overview",
    aliases={"novu": "nexmo", "campaign": "NEXMO"},
)
